import type { Readable } from 'node:stream';
import type { CallContext } from '../CallContext.js';
import type { Scope } from '../Scope.js';
import { createToken } from '../Token.js';

/** A JSON Schema object (draft 2020-12), as ajv takes it. */
export type JsonSchema = Record<string, unknown>;

/** HTTP methods a route may answer. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * What a caller needs to reach a route: nothing (`public`), any identity (`authenticated`), or an
 * action on a resource whose id is read from the request (the auth plugin enforces it). Without an
 * `Auth` provider every caller is an anonymous principal allowed everything; with one, `public`
 * routes skip authentication, the others answer 401 without a valid identity and 403 when
 * `Auth.authorize` refuses (or fails: errors deny).
 */
export type RoutePermission =
  | 'public'
  | 'authenticated'
  | {
      readonly action: 'READ' | 'EDIT' | 'MANAGE' | 'ADMIN';
      /** `experiment`, `run`, `registeredModel`, ... */
      readonly resource: string;
      /** The resource's id (or, for runs, the run id) read from the validated request. */
      readonly resourceId?: (request: HttpRequest) => string | undefined;
      /**
       * For routes that touch several resources (comparing runs): every id read here must be
       * allowed, as well as `resourceId`'s if given. An empty list allows nothing but admins.
       */
      readonly resourceIds?: (request: HttpRequest) => readonly string[];
    };

/** A validated request, as a handler sees it. */
export interface HttpRequest {
  /** Path parameters (`:runId`), validated against `schema.params`. */
  readonly params: Record<string, string>;
  /** Query parameters, validated (and coerced: `?max_results=10` is a number) against `schema.query`. */
  readonly query: Record<string, unknown>;
  /** The parsed JSON body, validated against `schema.body`; undefined for `body: 'raw'` routes. */
  readonly body: unknown;
  /** For `body: 'raw'` routes: the request body, streamed and never parsed. */
  readonly rawBody?: Readable;
  /** Header names in lower case. */
  readonly headers: Record<string, string | string[] | undefined>;
  /** The client address (the proxy's `X-Forwarded-For` when the server trusts proxies). */
  readonly ip?: string;
  /** The caller (anonymous without an `Auth` provider), tenant and request id (`x-request-id`). */
  readonly call: CallContext;
  /**
   * A child of the kernel's scope for this request: values provided in it are seen by this request
   * only. Always set by the HTTP server (made when first read); optional so a test can call a
   * handler with a hand-made request.
   */
  readonly scope?: Scope;
}

/**
 * What a handler returns to choose the status or headers. A returned object is taken as an
 * `HttpResponse` when its only keys are `status`, `headers` and `body` (with `status` a number, if
 * present); any other value is sent as a 200 JSON body, and `undefined` as a 204. To send an object
 * shaped like a response as data, wrap it: `{ body: value }`.
 */
export interface HttpResponse {
  /** Default 200, or 204 when `body` is undefined. */
  readonly status?: number;
  /** e.g. `Location` on create, `ETag` for optimistic concurrency, `Content-Type` for streams. */
  readonly headers?: Record<string, string>;
  /**
   * JSON-serialisable data (sent as `application/json`), or a Buffer, Uint8Array or Readable sent
   * as is (`application/octet-stream` unless `headers` say otherwise). A string is sent as text
   * when `headers` carry a `Content-Type`, and as a JSON string otherwise.
   */
  readonly body?: unknown;
}

/**
 * How errors of a route are answered. `native`: the taxonomy's status codes and `error_code`s
 * (`NOT_FOUND`, `INVALID_ARGUMENT`, ...). `mlflow`: MLflow's codes and statuses
 * (`RESOURCE_DOES_NOT_EXIST` 404, `RESOURCE_ALREADY_EXISTS` 400, `INVALID_PARAMETER_VALUE` 400).
 * Both use the body `{ error_code, message, details }`.
 */
export type ErrorStyle = 'native' | 'mlflow';

/** One route: method, path (`/api/v1/runs/:runId`), schemas, permission and handler. */
export interface RouteDefinition {
  readonly method: HttpMethod;
  /**
   * @koa/router (path-to-regexp 8) syntax: `:name` parameters, `*name` wildcards that may span
   * `/` (`/artifacts/*path`), `{...}` optional parts (`/files{/*path}`). In the OpenAPI document
   * both kinds of parameter appear as `{name}`. A static segment wins over a parameter
   * (`/runs/search` before `/runs/:runId`), whatever the order routes were added in.
   */
  readonly path: string;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /** OpenAPI tags (e.g. `tracking`, `registry`, `mlflow`). */
  readonly tags?: readonly string[];
  /**
   * A unique OpenAPI operationId; derived from method and path when absent
   * (`GET /api/v1/runs/:runId` is `getApiV1RunsByRunId`).
   */
  readonly operationId?: string;
  readonly permission: RoutePermission;
  /** Default `native`. */
  readonly errorStyle?: ErrorStyle;
  /** `raw`: the body is streamed to the handler unparsed (uploads), with no size limit but the route's. */
  readonly bodyMode?: 'json' | 'raw';
  /** Largest accepted body in bytes (413 past it); the server's default limit when absent. */
  readonly maxBodyBytes?: number;
  /**
   * JSON Schemas (draft 2020-12) checked with ajv, every error reported (400, the message naming
   * each field: `body/experiment_id must be string`). `params` and `query` values are coerced from
   * strings (`?max_results=10` is a number, a repeated key is an array); `body` is not coerced, and
   * keeps unknown fields unless the schema says `additionalProperties: false`. Defaults in the
   * schemas are filled in. An empty body is validated as `{}`. Unknown keywords (a typo such as
   * `requried`) are refused when the route is added; OpenAPI's `example`, `discriminator`, `xml`
   * and `externalDocs` are allowed, and formats are ajv-formats'.
   */
  readonly schema?: {
    readonly params?: JsonSchema;
    readonly query?: JsonSchema;
    readonly body?: JsonSchema;
    /** Response bodies by status, for the OpenAPI document. */
    readonly response?: Record<number, JsonSchema>;
  };
  handler(request: HttpRequest): Promise<HttpResponse | unknown>;
}

/** The route table of the HTTP server; plugins add their routes in `setup`. */
export interface HttpRoutes {
  /**
   * Adds routes, checked and compiled at once: all of them or none.
   * @throws AlreadyExistsError for a second route with the same method and path (parameter names
   * aside) or the same operationId, naming both; InvalidArgumentError for a bad path or schema;
   * FailedPreconditionError once the server has started (routes are mounted at start).
   */
  add(...routes: RouteDefinition[]): void;
  /** Every route added so far (for documentation, and for tests that walk them all). */
  list(): readonly RouteDefinition[];
}

/** The HTTP server's route table (plugins/http). */
export const HttpRoutes = createToken<HttpRoutes>({
  id: 'http.routes',
  description: 'REST routes with schemas and permissions',
});
