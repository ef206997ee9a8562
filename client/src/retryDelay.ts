import type { RetryOptions } from './ClientOptions.js';

/** A retry policy with every default filled in. */
export type RetryPolicy = Required<RetryOptions>;

/** The policy of `ClientOptions.retries`: a number of retries, or the full options. */
export function retryPolicy(retries: number | RetryOptions | undefined): RetryPolicy {
  const options: RetryOptions = typeof retries === 'number' ? { retries } : (retries ?? {});
  return {
    retries: Math.max(0, Math.floor(options.retries ?? 3)),
    baseDelayMs: options.baseDelayMs ?? 200,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
  };
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds (`120`) or an HTTP date (a date
 * in the past is 0). Undefined when there is none or it is neither.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its day and month; Date.parse alone would take "-1" as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The backoff before retry number `attempt` (0 for the first): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that many clients told to wait at once do not come back
 * together, while none retries at once.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}
