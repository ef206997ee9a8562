import type { HttpRequest, JsonSchema, RouteDefinition, RoutePermission } from '@mlops/plugin-api';
import { mlflowError, requireMlflowFields } from './mlflowError.js';

/** The two prefixes MLflow serves its REST API under: the public one and the UI's. */
export const mlflowPrefixes = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'] as const;

/** One MLflow endpoint, from which {@link defineMlflowRoute} makes its routes. */
export interface MlflowRouteSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path after the prefix, e.g. `/registered-models/create`. */
  readonly path: string;
  /** The RPC's name in model_registry.proto, e.g. `createRegisteredModel`. */
  readonly operation: string;
  readonly summary: string;
  /**
   * What the caller needs on the registered model the request's `name` field names, or
   * `authenticated` where there is no model yet (create) or many (search).
   */
  readonly access: 'READ' | 'EDIT' | 'MANAGE' | 'authenticated';
  /** The request message's fields (JSON Schemas by name) and the required ones. */
  readonly fields: { readonly properties: Record<string, JsonSchema>; readonly required?: readonly string[] };
  /** The JSON Schema of the 200 response. */
  readonly response: JsonSchema;
  /** Gets the request's fields (query for GET, body for POST and PATCH, either for DELETE). */
  handler(fields: Readonly<Record<string, unknown>>, request: HttpRequest): Promise<unknown>;
}

/**
 * The fields of an MLflow request with `method`: GET sends them in the query string, POST and
 * PATCH in a JSON body, and DELETE in a JSON body (the official client) or the query string (curl
 * users), the body winning.
 */
export function mlflowFields(request: HttpRequest, method: string): Readonly<Record<string, unknown>> {
  if (method === 'GET') return request.query;
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  return method === 'DELETE' ? { ...request.query, ...body } : body;
}

/**
 * The routes of one MLflow endpoint under both prefixes, with MLflow's error style: the handler's
 * errors are reworded as MLflow words them and name the request's fields.
 */
export function defineMlflowRoute(spec: MlflowRouteSpec): RouteDefinition[] {
  const required = spec.fields.required ?? [];
  const message: JsonSchema = {
    type: 'object',
    properties: spec.fields.properties,
    ...(required.length > 0 && spec.method !== 'DELETE' ? { required: [...required] } : {}),
    ...(spec.method === 'DELETE'
      ? {
          description: `In a JSON body (as MLflow's clients send them) or the query string; required: ${required.join(', ')}`,
        }
      : {}),
  };
  const schema =
    spec.method === 'GET'
      ? { query: message }
      : spec.method === 'DELETE'
        ? { query: message, body: message }
        : { body: message };
  const permission: RoutePermission =
    spec.access === 'authenticated'
      ? 'authenticated'
      : {
          action: spec.access,
          resource: 'registeredModel',
          resourceId: (request) => {
            const name = mlflowFields(request, spec.method).name;
            return typeof name === 'string' ? name : undefined;
          },
        };
  const operation = spec.operation[0]!.toUpperCase() + spec.operation.slice(1);
  return mlflowPrefixes.map((prefix) => ({
    method: spec.method,
    path: `${prefix}${spec.path}`,
    summary: spec.summary,
    tags: ['mlflow', 'registry'],
    operationId: prefix.startsWith('/ajax') ? `mlflowAjax${operation}` : `mlflow${operation}`,
    permission,
    errorStyle: 'mlflow',
    schema: { ...schema, response: { 200: spec.response } },
    async handler(request: HttpRequest) {
      const fields = mlflowFields(request, spec.method);
      try {
        if (spec.method === 'DELETE') requireMlflowFields(fields, required);
        return await spec.handler(fields, request);
      } catch (err) {
        throw mlflowError(err, fields);
      }
    },
  }));
}
