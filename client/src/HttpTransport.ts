import { setTimeout as sleep } from 'node:timers/promises';
import { UnavailableError } from '@mlops/plugin-api';
import type { ClientOptions } from './ClientOptions.js';
import { backoffDelay, parseRetryAfter, type RetryPolicy, retryPolicy } from './retryDelay.js';
import { parseErrorBody, toClientError } from './toClientError.js';
import { toWireDouble } from './wireDouble.js';

/** A query-string value; an array is sent as the key repeated. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** A raw request body, and whether it can be sent again (a stream cannot). */
export interface RawBody {
  /** Makes the body for one attempt. */
  readonly open: () => NonNullable<RequestInit['body']> | AsyncIterable<Uint8Array>;
  readonly replayable: boolean;
}

/** One request of the native API. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path from the base URL, already percent-encoded: `/api/v1/runs/abc`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** A JSON body (non-finite numbers sent as `"NaN"`, `"Infinity"`, `"-Infinity"`). */
  readonly json?: unknown;
  readonly raw?: RawBody;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Safe to send again after a network error, when the server may have done it already. GET,
   * PUT and DELETE are; a POST is only when the route says so (a batch log, a search).
   */
  readonly idempotent?: boolean;
}

const idempotentMethods = new Set(['GET', 'PUT', 'DELETE']);

function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * The `details.reason` of the 503s the http plugin answers before a request reaches its handler
 * (the server is starting or shutting down): nothing was done, so anything may be sent again.
 */
const unhandledReasons = new Set(['starting', 'stopped']);

function refusedBeforeHandling(text: string): boolean {
  const { details } = parseErrorBody(text);
  const reason =
    typeof details === 'object' && details !== null ? (details as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' && unhandledReasons.has(reason);
}

/**
 * Sends requests with fetch: the base URL, token and User-Agent; retries, with exponential
 * backoff and jitter and honouring `Retry-After`: 429 always (rate limits apply before a request
 * is handled), 503 for idempotent requests, and for others only when the server refused before
 * handling (`details.reason` `starting` or `stopped`); network errors of idempotent requests.
 * Error answers become taxonomy errors.
 */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly headers: Record<string, string>;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
    this.policy = retryPolicy(options.retries);
    this.headers = {
      'user-agent': options.userAgent ?? `mlops-client/0.1.0 node/${process.versions.node}`,
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    };
  }

  /** The URL of a request, query included. */
  url(path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) search.append(key, String(one));
    }
    const qs = search.toString();
    return `${this.baseUrl}${path}${qs === '' ? '' : `?${qs}`}`;
  }

  /** Sends a request and answers its successful response, body unread. @throws the taxonomy's errors */
  async send(request: ApiRequest): Promise<Response> {
    const url = this.url(request.path, request.query);
    const idempotent = request.idempotent ?? idempotentMethods.has(request.method);
    const replayable = request.raw?.replayable ?? true;
    for (let attempt = 0; ; attempt += 1) {
      const canRetry = replayable && attempt < this.policy.retries;
      let response: Response;
      try {
        response = await this.fetch(url, this.init(request));
      } catch (err) {
        if (canRetry && idempotent) {
          await sleep(backoffDelay(attempt, this.policy));
          continue;
        }
        const tries = attempt === 0 ? '' : ` (after ${attempt + 1} attempts)`;
        throw new UnavailableError(
          `${request.method} ${url} failed: ${describeNetworkError(err)}${tries}`,
          {},
          { cause: err },
        );
      }
      if (response.ok) return response;
      let text: string | undefined;
      if (canRetry && (response.status === 429 || response.status === 503)) {
        // A request that is not idempotent is sent again only when the server says it refused
        // it before handling: a 503 from elsewhere may come after the server created something.
        if (response.status === 503 && !idempotent) text = await response.text().catch(() => '');
        const delay =
          text === undefined || refusedBeforeHandling(text) ? this.retryAfter(response, attempt) : undefined;
        if (delay !== undefined) {
          await response.body?.cancel().catch(() => undefined);
          await sleep(delay);
          continue;
        }
      }
      throw await toClientError(request.method, url, response, text);
    }
  }

  /** Sends a request and parses its JSON answer. */
  async json<T>(request: ApiRequest): Promise<T> {
    const response = await this.send(request);
    return (await response.json()) as T;
  }

  /** Sends a request whose answer has no body worth reading (204). */
  async empty(request: ApiRequest): Promise<void> {
    const response = await this.send(request);
    await response.body?.cancel().catch(() => undefined);
  }

  /** The wait before the next attempt, or undefined when `Retry-After` asks for too long. */
  private retryAfter(response: Response, attempt: number): number | undefined {
    const asked = parseRetryAfter(response.headers.get('retry-after'));
    if (asked === undefined) return backoffDelay(attempt, this.policy);
    return asked <= this.policy.maxRetryAfterMs ? asked : undefined;
  }

  private init(request: ApiRequest): RequestInit & { duplex?: 'half' } {
    const headers: Record<string, string> = { ...this.headers, accept: 'application/json' };
    let body: RequestInit['body'];
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json, toWireDouble);
    } else if (request.raw !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      // fetch takes any async iterable as a body, though its type names only web streams.
      body = request.raw.open() as RequestInit['body'];
    }
    return {
      method: request.method,
      headers: { ...headers, ...request.headers },
      ...(body === undefined ? {} : { body }),
      ...(request.raw === undefined ? {} : { duplex: 'half' as const }),
    };
  }
}
