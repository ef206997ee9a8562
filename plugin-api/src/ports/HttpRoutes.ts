import type { Readable } from 'node:stream';
import type { CallContext } from '../CallContext.js';
import { createToken } from '../Token.js';

/** A JSON Schema object (draft 2020-12), as ajv takes it. */
export type JsonSchema = Record<string, unknown>;

/** HTTP methods a route may answer. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * What a caller needs to reach a route: nothing (`public`), any identity (`authenticated`), or an
 * action on a resource whose id is read from the request (the auth plugin enforces it).
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
  readonly call: CallContext;
}

/** What a handler returns; a plain value is sent as a 200 JSON body. */
export interface HttpResponse {
  readonly status?: number;
  /** e.g. `Location` on create, `ETag` for optimistic concurrency, `Content-Type` for streams. */
  readonly headers?: Record<string, string>;
  /** JSON-serialisable data, a Buffer, or a stream sent as is. */
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
  /** koa-router syntax; `:name` parameters, `{*path}`-style wildcards as @koa/router takes them. */
  readonly path: string;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  /** OpenAPI tags (e.g. `tracking`, `registry`, `mlflow`). */
  readonly tags?: readonly string[];
  /** A unique OpenAPI operationId; derived from method and path when absent. */
  readonly operationId?: string;
  readonly permission: RoutePermission;
  /** Default `native`. */
  readonly errorStyle?: ErrorStyle;
  /** `raw`: the body is streamed to the handler unparsed (uploads), with no size limit but the route's. */
  readonly bodyMode?: 'json' | 'raw';
  /** Largest accepted body in bytes; the server's default limit when absent. */
  readonly maxBodyBytes?: number;
  readonly schema?: {
    readonly params?: JsonSchema;
    readonly query?: JsonSchema;
    readonly body?: JsonSchema;
    /** Response bodies by status, for the OpenAPI document. */
    readonly response?: Record<number, JsonSchema>;
  };
  handler(request: HttpRequest): Promise<HttpResponse | unknown>;
}

/** The route table of the HTTP server. */
export interface HttpRoutes {
  /** Adds routes; a second route with the same method and path fails with AlreadyExistsError. */
  add(...routes: RouteDefinition[]): void;
  /** Every route added so far (for documentation, and for tests that walk them all). */
  list(): readonly RouteDefinition[];
}

/** The HTTP server's route table (plugins/http). */
export const HttpRoutes = createToken<HttpRoutes>({
  id: 'http.routes',
  description: 'REST routes with schemas and permissions',
});
