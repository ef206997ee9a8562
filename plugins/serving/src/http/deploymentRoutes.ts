import {
  type DeploymentUpdate,
  type HttpRequest,
  isMlopsError,
  type JsonSchema,
  type NewDeployment,
  type RouteDefinition,
  type Serving,
} from '@mlops/plugin-api';
import { deploymentPermission } from './deploymentPermission.js';
import { mlflowPredictions } from './mlflowPredictions.js';
import { mlflowScoringInput } from './mlflowScoringInput.js';
import { toNativeDeployment, toNativeRevision } from './toNativeDeployment.js';
import { requestKeyOf } from './trafficRoutes.js';

const nameParams: JsonSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 } },
};

const target = {
  model: { type: 'string', minLength: 1 },
  alias: { type: 'string', minLength: 1 },
  version: { type: 'integer', minimum: 1 },
  environment: { type: 'string', minLength: 1 },
  backend: { type: 'string', minLength: 1 },
  backend_options: { type: 'object' },
  reason: { type: 'string' },
};

const wireNames: Record<string, string> = { backendOptions: 'backend_options', toRevision: 'to_revision' };

/** Errors name the request's fields (`backend_options`, `to_revision`), not the port's. */
function withWireFields(err: unknown): unknown {
  if (!isMlopsError(err) || typeof err.details.field !== 'string') return err;
  const [head, ...rest] = err.details.field.split('/');
  const wire = wireNames[head!];
  if (wire === undefined) return err;
  (err.details as { field: string }).field = [wire, ...rest].join('/');
  return err;
}

function route(definition: RouteDefinition): RouteDefinition {
  return {
    ...definition,
    tags: ['serving'],
    errorStyle: 'native',
    async handler(request: HttpRequest) {
      try {
        return await definition.handler(request);
      } catch (err) {
        const retry = isMlopsError(err, 'Unavailable') ? err.details.retryAfterSeconds : undefined;
        if (typeof retry !== 'number' || !isMlopsError(err)) throw withWireFields(err);
        return {
          status: 503,
          headers: { 'Retry-After': String(Math.ceil(retry)) },
          body: { error_code: 'UNAVAILABLE', message: err.message, details: err.details },
        };
      }
    },
  };
}

type Body = Record<string, unknown>;

/**
 * The native deployments API under `/api/v1/deployments`, and MLflow's scoring protocol per
 * deployment at `/api/v1/deployments/{name}/invocations`.
 */
export function deploymentRoutes(serving: Serving): RouteDefinition[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/deployments',
      summary: 'List the deployments the caller may read, optionally of one environment',
      // Filtered by Auth.readableScope in the store's query.
      permission: 'authenticated',
      schema: { query: { type: 'object', properties: { environment: { type: 'string' } } } },
      async handler(request) {
        const environment = request.query.environment as string | undefined;
        const list = await serving.listDeployments(
          environment === undefined ? {} : { environment },
          request.call,
        );
        return { deployments: list.map(toNativeDeployment) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/deployments',
      summary: 'Create a deployment of a model alias or version, and roll it out',
      // Serving a model exposes no more than reading it does (its artifacts); the creator gets
      // MANAGE on the new deployment through resource.created.
      permission: {
        action: 'READ',
        resource: 'registeredModel',
        resourceId: (request) => (request.body as { model: string }).model,
      },
      schema: {
        body: {
          type: 'object',
          required: ['name', 'model'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1 }, ...target },
        },
      },
      async handler(request) {
        const b = request.body as Body;
        const input: NewDeployment = {
          name: b.name as string,
          model: b.model as string,
          ...(b.alias === undefined ? {} : { alias: b.alias as string }),
          ...(b.version === undefined ? {} : { version: b.version as number }),
          ...(b.environment === undefined ? {} : { environment: b.environment as string }),
          ...(b.backend === undefined ? {} : { backend: b.backend as string }),
          ...(b.backend_options === undefined ? {} : { backendOptions: b.backend_options as Body }),
          ...(b.reason === undefined ? {} : { reason: b.reason as string }),
        };
        const deployment = await serving.createDeployment(input, request.call);
        return {
          status: 201,
          headers: { Location: `/api/v1/deployments/${encodeURIComponent(deployment.deployment)}` },
          body: { deployment: toNativeDeployment(deployment) },
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/deployments/:name',
      summary: 'Get a deployment: its current revision, state and signature',
      permission: deploymentPermission('READ'),
      schema: { params: nameParams },
      async handler(request) {
        return {
          deployment: toNativeDeployment(await serving.getDeployment(request.params.name!, request.call)),
        };
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/deployments/:name',
      summary:
        'Change a deployment (model, alias or version, environment, backend): a new revision, rolled out',
      permission: deploymentPermission('EDIT'),
      schema: {
        params: nameParams,
        body: { type: 'object', additionalProperties: false, properties: target },
      },
      async handler(request) {
        const b = request.body as Body;
        const update: DeploymentUpdate = {
          ...(b.model === undefined ? {} : { model: b.model as string }),
          ...(b.alias === undefined ? {} : { alias: b.alias as string }),
          ...(b.version === undefined ? {} : { version: b.version as number }),
          ...(b.environment === undefined ? {} : { environment: b.environment as string }),
          ...(b.backend === undefined ? {} : { backend: b.backend as string }),
          ...(b.backend_options === undefined ? {} : { backendOptions: b.backend_options as Body }),
          ...(b.reason === undefined ? {} : { reason: b.reason as string }),
        };
        const deployment = await serving.updateDeployment(request.params.name!, update, request.call);
        return { deployment: toNativeDeployment(deployment) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/deployments/:name',
      summary: 'Delete a deployment: stop serving, drain, unload, forget its revisions',
      permission: deploymentPermission('MANAGE'),
      schema: { params: nameParams },
      async handler(request) {
        await serving.deleteDeployment(request.params.name!, request.call);
        return undefined;
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/deployments/:name/revisions',
      summary: "A deployment's revisions, oldest first",
      permission: deploymentPermission('READ'),
      schema: { params: nameParams },
      async handler(request) {
        const revisions = await serving.listRevisions(request.params.name!, request.call);
        return { revisions: revisions.map(toNativeRevision) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/deployments/:name/rollback',
      summary: 'Roll back to an earlier revision (the previous one by default), as a new revision',
      permission: deploymentPermission('EDIT'),
      schema: {
        params: nameParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { to_revision: { type: 'integer', minimum: 1 }, reason: { type: 'string' } },
        },
      },
      async handler(request) {
        const b = request.body as Body;
        const deployment = await serving.rollback(
          request.params.name!,
          {
            ...(b.to_revision === undefined ? {} : { toRevision: b.to_revision as number }),
            ...(b.reason === undefined ? {} : { reason: b.reason as string }),
          },
          request.call,
        );
        return { deployment: toNativeDeployment(deployment) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/deployments/:name/invocations',
      summary: "MLflow's scoring protocol: dataframe_split, dataframe_records, instances or inputs",
      tags: ['serving'],
      permission: deploymentPermission('READ'),
      schema: { params: nameParams, body: { type: 'object' } },
      async handler(request) {
        const name = request.params.name!;
        const deployment = await serving.metadata(name, request.call);
        const inference = mlflowScoringInput(request.body, deployment.inputs);
        const answer = await serving.predict(
          name,
          { ...inference, id: request.call.requestId },
          request.call,
          requestKeyOf(request),
        );
        return { predictions: mlflowPredictions(answer) };
      },
    }),
  ];
}
