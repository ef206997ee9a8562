/**
 * Every page of a cursor-paged list, fetched as the iteration asks: `fetchPage(token)` for the
 * first page (token as given) and then with each page's `next_page_token` until there is none.
 */
export async function* pageThrough<P extends { readonly next_page_token?: string }>(
  firstToken: string | undefined,
  fetchPage: (pageToken: string | undefined) => Promise<P>,
): AsyncGenerator<P, void, undefined> {
  let token = firstToken;
  do {
    const page = await fetchPage(token);
    yield page;
    token = page.next_page_token;
  } while (token !== undefined && token !== '');
}

/** The items of every page, one by one. */
export async function* itemsOf<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => readonly T[],
): AsyncGenerator<T> {
  for await (const page of pages) yield* items(page);
}
