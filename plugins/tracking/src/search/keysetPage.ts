import type { Knex } from 'knex';
import { decodePageToken, encodePageToken } from '../pageToken.js';
import { applyKeyset, applySort, keysetLength, keysetOf, type SortKey } from './SortKey.js';

/** A search's keyset paging: its sort keys, the token's scope, and the page size. */
export interface KeysetPaging {
  readonly keys: readonly SortKey[];
  /** Tags the page token with the query it belongs to (see `searchScope`). */
  readonly scope: string;
  readonly maxResults: number;
  readonly pageToken?: string | undefined;
}

/**
 * Orders `select` by the keys, starts it after the page token's keyset and asks one row more than
 * a page; `finish` turns the rows it answers into the page and the next page's token (absent on
 * the last page).
 * @throws InvalidArgumentError for a token of another query.
 */
export function pageByKeyset(
  db: Knex,
  select: Knex.QueryBuilder,
  paging: KeysetPaging,
): <R extends Record<string, unknown>>(rows: readonly R[]) => { page: R[]; nextPageToken?: string } {
  const { keys, scope, maxResults, pageToken } = paging;
  const after = pageToken ? decodePageToken(pageToken, scope, keysetLength(keys)) : undefined;
  applySort(db, select, keys);
  if (after !== undefined) applyKeyset(select, keys, after);
  select.limit(maxResults + 1);
  return (rows) => {
    const page = rows.slice(0, maxResults);
    const last = page.at(-1);
    return rows.length > maxResults && last !== undefined
      ? { page, nextPageToken: encodePageToken(scope, keysetOf(last, keys)) }
      : { page };
  };
}
