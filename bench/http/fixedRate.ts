import type { Dispatcher } from 'undici';
import type { LoadResult } from './LoadResult.js';
import { sendRequest } from './sendRequest.js';

/**
 * Open-loop load at a fixed rate: request `i` is due at `i / rate` seconds, whether or not the
 * earlier ones were answered, and its latency counts from that due time. So a stall of the server
 * shows in the latencies of every request that should have gone out meanwhile (no coordinated
 * omission).
 */
export async function fixedRate(
  dispatcher: Dispatcher,
  rate: number,
  seconds: number,
  request: (i: number) => Dispatcher.RequestOptions,
): Promise<LoadResult> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    for (; sent < due; sent++) {
      const scheduled = started + (sent * 1000) / rate;
      pending.push(
        sendRequest(dispatcher, request(sent)).then((error) => {
          latencies.push(performance.now() - scheduled);
          if (error !== undefined) {
            errors++;
            firstError ??= error;
          }
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const result = { latencies, elapsedMs: performance.now() - started, errors };
  return firstError === undefined ? result : { ...result, firstError };
}
