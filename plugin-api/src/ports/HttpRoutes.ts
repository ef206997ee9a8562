import type { CallContext } from '../CallContext.js';
import { createToken } from '../Token.js';

/** A JSON Schema object (draft 2020-12), as ajv takes it. */
export type JsonSchema = Record<string, unknown>;

/** HTTP methods a route may answer. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * What a caller needs to reach a route: nothing (`public`), any identity (`authenticated`), or an
 * action on a resource whose id is read from the request.
 */
export type RoutePermission =
  | 'public'
  | 'authenticated'
  | {
      readonly action: 'READ' | 'EDIT' | 'MANAGE' | 'ADMIN';
      readonly resource: string;
      readonly resourceId?: (request: HttpRequest) => string | undefined;
    };

/** A validated request, as a handler sees it. */
export interface HttpRequest {
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly call: CallContext;
}

/** What a handler returns; a plain value is sent as a 200 JSON body. */
export interface HttpResponse {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** One route: method, path (`/api/v1/runs/:runId`), schemas, permission and handler. */
export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly permission: RoutePermission;
  readonly schema?: {
    readonly params?: JsonSchema;
    readonly query?: JsonSchema;
    readonly body?: JsonSchema;
    readonly response?: Record<number, JsonSchema>;
  };
  handler(request: HttpRequest): Promise<HttpResponse | unknown>;
}

/** The route table of the HTTP server. */
export interface HttpRoutes {
  /** Adds routes; a second route with the same method and path fails with AlreadyExistsError. */
  add(...routes: RouteDefinition[]): void;
}

/** The HTTP server's route table (plugins/http). */
export const HttpRoutes = createToken<HttpRoutes>({
  id: 'http.routes',
  description: 'REST routes with schemas and permissions',
});
