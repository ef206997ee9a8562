import type { Dispatcher } from 'undici';

/** One request and its whole answer: undefined on 200, else a description of the failure. */
export async function sendRequest(
  dispatcher: Dispatcher,
  options: Dispatcher.RequestOptions,
): Promise<string | undefined> {
  try {
    const answer = await dispatcher.request(options);
    const text = await answer.body.text();
    return answer.statusCode === 200 ? undefined : `${answer.statusCode} ${text.slice(0, 300)}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
