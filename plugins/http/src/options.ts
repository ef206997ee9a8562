import type { JsonSchema } from '@mlops/plugin-api';

/** A token bucket: `requestsPerSecond` refill, up to `burst` requests at once. */
export interface RateLimit {
  readonly requestsPerSecond: number;
  readonly burst: number;
}

/** Cross-origin access for browsers; off unless configured. */
export interface CorsOptions {
  /** Allowed origins (`https://app.example.com`), or `*` for any. */
  readonly origins: readonly string[];
  /** Whether browsers may send cookies and `Authorization` cross-origin. */
  readonly credentials: boolean;
  /** How long browsers may cache a preflight answer. */
  readonly maxAgeSeconds: number;
}

/** Options of {@link httpPlugin}. */
export interface HttpOptions {
  /** Whether the plugin listens itself; `false` to mount it into an existing koa app with `httpMiddleware`. */
  readonly listen: boolean;
  /** The address to listen on; `0.0.0.0` or `::` to accept connections from other machines. */
  readonly host: string;
  /** The TCP port; 0 picks a free one (read it from the `HttpServer` port). */
  readonly port: number;
  /** Whether to trust `X-Forwarded-For` for the client address (behind a proxy you run). */
  readonly trustProxy: boolean;
  /** Largest JSON body in bytes (413 past it); a route's `maxBodyBytes` overrides it. */
  readonly bodyLimitBytes: number;
  /** Time allowed to receive a request's headers (slow-client protection). */
  readonly headersTimeoutMs: number;
  /** Time allowed to receive a whole request, body included; 0 for none (very large uploads). */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open; above a load balancer's idle timeout. */
  readonly keepAliveTimeoutMs: number;
  /** At stop, how long in-flight requests may take before their connections are closed. */
  readonly shutdownTimeoutMs: number;
  /** At stop, how long `/readyz` answers 503 before the server stops accepting connections. */
  readonly shutdownDelayMs: number;
  /** Cross-origin access; absent means no CORS headers at all. */
  readonly cors?: CorsOptions;
  /** Token buckets per client address and per authenticated identity; absent means unlimited. */
  readonly rateLimit?: {
    readonly perIp?: RateLimit;
    readonly perIdentity?: RateLimit;
  };
  /** Who may read `/metrics`. */
  readonly metricsPermission: 'public' | 'authenticated';
  /** Whether to write one log line per request. */
  readonly accessLog: boolean;
}

const rateLimitSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestsPerSecond', 'burst'],
  properties: {
    requestsPerSecond: { type: 'number', exclusiveMinimum: 0 },
    burst: { type: 'integer', minimum: 1 },
  },
};

const ms = (description: string, defaultValue: number): JsonSchema => ({
  type: 'integer',
  minimum: 0,
  default: defaultValue,
  description,
});

/** JSON Schema of {@link HttpOptions}; the kernel validates options and fills defaults from it. */
export const httpOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: { type: 'boolean', default: true, description: 'listen on host:port' },
    host: { type: 'string', minLength: 1, default: '127.0.0.1', description: 'address to listen on' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 5000, description: 'TCP port; 0 for any' },
    trustProxy: { type: 'boolean', default: false, description: 'trust X-Forwarded-For' },
    bodyLimitBytes: {
      type: 'integer',
      minimum: 1,
      default: 10 * 1024 * 1024,
      description: 'largest JSON body in bytes',
    },
    headersTimeoutMs: ms('time to receive request headers', 60_000),
    requestTimeoutMs: ms('time to receive a whole request; 0 for none', 300_000),
    keepAliveTimeoutMs: ms('idle keep-alive timeout', 65_000),
    shutdownTimeoutMs: ms('time in-flight requests get at stop', 5_000),
    shutdownDelayMs: ms('time /readyz answers 503 before the listener closes', 0),
    cors: {
      type: 'object',
      additionalProperties: false,
      required: ['origins'],
      properties: {
        origins: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
        credentials: { type: 'boolean', default: false },
        maxAgeSeconds: { type: 'integer', minimum: 0, default: 600 },
      },
    },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      properties: { perIp: rateLimitSchema, perIdentity: rateLimitSchema },
    },
    metricsPermission: {
      enum: ['public', 'authenticated'],
      default: 'public',
      description: 'who may read /metrics',
    },
    accessLog: { type: 'boolean', default: true, description: 'one log line per request' },
  },
};
