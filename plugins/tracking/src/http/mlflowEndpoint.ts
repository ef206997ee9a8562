import type {
  HttpMethod,
  HttpRequest,
  JsonSchema,
  RouteDefinition,
  RoutePermission,
} from '@mlops/plugin-api';
import { snakeCaseErrorField } from './snakeCaseErrorField.js';

/** One MLflow REST endpoint, as `service.proto` declares it: a method and a path after `/2.0`. */
export interface MlflowEndpoint {
  readonly method: HttpMethod;
  /** e.g. `/mlflow/experiments/create`. */
  readonly path: string;
  /** The operation's name in MLflow's service (`createExperiment`), for the OpenAPI operationId. */
  readonly rpc: string;
  readonly summary: string;
  readonly permission: RoutePermission;
  readonly bodyMode?: 'json' | 'raw';
  readonly maxBodyBytes?: number;
  readonly schema?: {
    readonly params?: JsonSchema;
    readonly query?: JsonSchema;
    readonly body?: JsonSchema;
    readonly response?: Record<number, JsonSchema>;
  };
  handler(request: HttpRequest): Promise<unknown>;
}

/**
 * The routes of one MLflow endpoint: under `/api/2.0` (clients) and `/ajax-api/2.0` (MLflow's
 * web UI), with MLflow's error codes and statuses, and error fields named as on the wire.
 */
export function mlflowEndpoint(endpoint: MlflowEndpoint): RouteDefinition[] {
  const { rpc, path, handler, ...rest } = endpoint;
  const suffix = endpoint.method === 'GET' && /search/.test(path) ? 'Get' : '';
  const wrapped = async (request: HttpRequest): Promise<unknown> => {
    try {
      return await handler(request);
    } catch (err) {
      throw snakeCaseErrorField(err);
    }
  };
  return [
    { ...rest, path: `/api/2.0${path}`, operationId: `mlflow_${rpc}${suffix}`, tags: ['mlflow'] },
    {
      ...rest,
      path: `/ajax-api/2.0${path}`,
      operationId: `mlflow_${rpc}${suffix}_ajax`,
      tags: ['mlflow-ajax'],
    },
  ].map((route) => ({ ...route, errorStyle: 'mlflow' as const, handler: wrapped }));
}
