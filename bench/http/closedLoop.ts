import type { Dispatcher } from 'undici';
import type { LoadResult } from './LoadResult.js';
import { sendRequest } from './sendRequest.js';

/**
 * Closed-loop load: `clients` concurrent callers, each sending its next request as soon as the
 * previous one is answered, until `next(client, i)` returns undefined for every client.
 */
export async function closedLoop(
  dispatcher: Dispatcher,
  clients: number,
  next: (client: number, i: number) => Dispatcher.RequestOptions | undefined,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; ; i++) {
        const options = next(client, i);
        if (options === undefined) return;
        const t0 = performance.now();
        const error = await sendRequest(dispatcher, options);
        latencies.push(performance.now() - t0);
        if (error !== undefined) {
          errors++;
          firstError ??= error;
        }
      }
    }),
  );
  const result = { latencies, elapsedMs: performance.now() - started, errors };
  return firstError === undefined ? result : { ...result, firstError };
}
