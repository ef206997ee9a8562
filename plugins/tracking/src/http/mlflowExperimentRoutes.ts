import type { CallContext, HttpRequest, RouteDefinition, Tracking } from '@mlops/plugin-api';
import { mlflowEndpoint } from './mlflowEndpoint.js';
import { viewTypeOf } from './mlflowEnums.js';
import { mlflowSchemas as s } from './mlflowSchemas.js';
import { queryList, queryListSchema } from './queryList.js';
import { toMlflowExperiment } from './toMlflowExperiment.js';
import { mlflowExperimentPermission } from './trackingPermissions.js';
import { int64Of } from './wireNumbers.js';

interface SearchFields {
  max_results?: number | string;
  page_token?: string;
  filter?: string;
  order_by?: string | string[];
  view_type?: string | number;
}

function searchExperiments(tracking: Tracking, fields: SearchFields, call: CallContext) {
  return tracking
    .searchExperiments(
      {
        ...(fields.filter ? { filter: fields.filter } : {}),
        ...(fields.order_by === undefined ? {} : { orderBy: queryList(fields.order_by) }),
        ...(fields.max_results === undefined
          ? {}
          : { maxResults: int64Of(fields.max_results, 'max_results') }),
        ...(fields.page_token ? { pageToken: fields.page_token } : {}),
        ...(fields.view_type === undefined ? {} : { viewType: viewTypeOf(fields.view_type) }),
      },
      call,
    )
    .then((page) => ({
      ...(page.items.length > 0 ? { experiments: page.items.map(toMlflowExperiment) } : {}),
      ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
    }));
}

const searchResponse = {
  type: 'object',
  properties: { experiments: { type: 'array', items: s.experimentOut }, next_page_token: { type: 'string' } },
} as const;
const experimentResponse = { type: 'object', properties: { experiment: s.experimentOut } } as const;

/** MLflow's experiment endpoints (`/mlflow/experiments/...`) over the Tracking port. */
export function mlflowExperimentRoutes(tracking: Tracking): RouteDefinition[] {
  const body = <T>(request: HttpRequest) => request.body as T;
  return [
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/experiments/create',
      rpc: 'createExperiment',
      summary: 'Create an experiment; answers its id',
      permission: 'authenticated',
      schema: {
        body: s.createExperiment,
        response: { 200: { type: 'object', properties: { experiment_id: { type: 'string' } } } },
      },
      async handler(request) {
        const b = body<{
          name: string;
          artifact_location?: string;
          tags?: { key: string; value?: string }[];
        }>(request);
        const tags =
          b.tags === undefined ? undefined : Object.fromEntries(b.tags.map((t) => [t.key, t.value ?? '']));
        const experiment = await tracking.createExperiment(
          {
            name: b.name,
            ...(b.artifact_location ? { artifactLocation: b.artifact_location } : {}),
            ...(tags === undefined ? {} : { tags }),
          },
          request.call,
        );
        return { experiment_id: experiment.experimentId };
      },
    }),
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow/experiments/get',
      rpc: 'getExperiment',
      summary: 'Get an experiment, active or deleted',
      permission: mlflowExperimentPermission('READ'),
      schema: { query: s.experimentId, response: { 200: experimentResponse } },
      async handler(request) {
        const experiment = await tracking.getExperiment(String(request.query.experiment_id), request.call);
        return { experiment: toMlflowExperiment(experiment) };
      },
    }),
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow/experiments/get-by-name',
      rpc: 'getExperimentByName',
      summary: 'Get an experiment by name, active or deleted',
      permission: {
        action: 'READ',
        resource: 'experimentName',
        resourceId: (request) => String(request.query.experiment_name),
      },
      schema: { query: s.experimentName, response: { 200: experimentResponse } },
      async handler(request) {
        const experiment = await tracking.getExperimentByName(
          String(request.query.experiment_name),
          request.call,
        );
        return { experiment: toMlflowExperiment(experiment) };
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/experiments/search',
      rpc: 'searchExperiments',
      summary: 'Search experiments by filter, ordered and paged',
      permission: 'authenticated',
      schema: { body: s.searchExperiments, response: { 200: searchResponse } },
      handler: (request) => searchExperiments(tracking, body<SearchFields>(request), request.call),
    }),
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow/experiments/search',
      rpc: 'searchExperiments',
      summary: 'Search experiments by filter, ordered and paged (fields in the query string)',
      permission: 'authenticated',
      schema: {
        query: {
          ...s.searchExperiments,
          properties: { ...s.searchExperiments.properties, order_by: queryListSchema },
        },
        response: { 200: searchResponse },
      },
      handler: (request) => searchExperiments(tracking, request.query as SearchFields, request.call),
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/experiments/update',
      rpc: 'updateExperiment',
      summary: 'Rename an experiment',
      permission: mlflowExperimentPermission('EDIT'),
      schema: { body: s.updateExperiment, response: { 200: s.empty } },
      async handler(request) {
        const b = body<{ experiment_id: string; new_name: string }>(request);
        await tracking.renameExperiment(b.experiment_id, b.new_name, request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/experiments/delete',
      rpc: 'deleteExperiment',
      summary: 'Soft-delete an experiment and its runs',
      permission: mlflowExperimentPermission('MANAGE'),
      schema: { body: s.experimentId, response: { 200: s.empty } },
      async handler(request) {
        await tracking.deleteExperiment(body<{ experiment_id: string }>(request).experiment_id, request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/experiments/restore',
      rpc: 'restoreExperiment',
      summary: 'Restore a deleted experiment and the runs deleted with it',
      permission: mlflowExperimentPermission('MANAGE'),
      schema: { body: s.experimentId, response: { 200: s.empty } },
      async handler(request) {
        await tracking.restoreExperiment(
          body<{ experiment_id: string }>(request).experiment_id,
          request.call,
        );
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/experiments/set-experiment-tag',
      rpc: 'setExperimentTag',
      summary: 'Set a tag on an experiment',
      permission: mlflowExperimentPermission('EDIT'),
      schema: { body: s.setExperimentTag, response: { 200: s.empty } },
      async handler(request) {
        const b = body<{ experiment_id: string; key: string; value?: string }>(request);
        await tracking.setExperimentTag(b.experiment_id, b.key, b.value ?? '', request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/experiments/delete-experiment-tag',
      rpc: 'deleteExperimentTag',
      summary: 'Delete a tag of an experiment',
      permission: mlflowExperimentPermission('EDIT'),
      schema: { body: s.deleteExperimentTag, response: { 200: s.empty } },
      async handler(request) {
        const b = body<{ experiment_id: string; key: string }>(request);
        await tracking.deleteExperimentTag(b.experiment_id, b.key, request.call);
        return {};
      },
    }),
  ].flat();
}
