/**
 * How the client retries a request that met a 429, or (when idempotent, or for a 503 the server
 * answered before handling it) a 503 or a network error.
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 3, so at most 4 attempts). */
  readonly retries?: number;
  /** The first backoff delay without `Retry-After`, doubled each retry (default 200 ms). */
  readonly baseDelayMs?: number;
  /** The longest backoff delay without `Retry-After` (default 10 s). */
  readonly maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown (default 60 s). */
  readonly maxRetryAfterMs?: number;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:5000` (a path prefix is kept). */
  readonly baseUrl: string;
  /** An API token, sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** The fetch to use (default Node's global fetch, undici). */
  readonly fetch?: typeof fetch;
  /** Retries: a number of retries, or the full policy. `0` turns retrying off. */
  readonly retries?: number | RetryOptions;
  /** The `User-Agent` header (default `mlops-client/0.1.0 node/<version>`). */
  readonly userAgent?: string;
}
