import type { RouteDefinition, Tracking, ViewType } from '@mlops/plugin-api';
import { nativeRoute } from './nativeRoute.js';
import { nativeSchemas as s } from './nativeSchemas.js';
import { queryList } from './queryList.js';
import { toNativeJson } from './toNativeJson.js';
import { experimentPermission } from './trackingPermissions.js';

const base = '/api/v1/experiments';
const byParam = (action: 'READ' | 'EDIT' | 'MANAGE') =>
  experimentPermission(action, (request) => request.params.experimentId);
const noContent = { status: 204 };

/** The native API's experiments: `/api/v1/experiments` and `/api/v1/experiments/:experimentId/...`. */
export function nativeExperimentRoutes(tracking: Tracking): RouteDefinition[] {
  return [
    nativeRoute({
      method: 'POST',
      path: base,
      summary: 'Create an experiment',
      permission: 'authenticated',
      schema: { body: s.createExperiment, response: { 201: s.experimentOut } },
      async handler(request) {
        const b = request.body as { name: string; artifact_location?: string; tags?: Record<string, string> };
        const experiment = await tracking.createExperiment(
          {
            name: b.name,
            ...(b.artifact_location ? { artifactLocation: b.artifact_location } : {}),
            ...(b.tags === undefined ? {} : { tags: b.tags }),
          },
          request.call,
        );
        return {
          status: 201,
          headers: { Location: `${base}/${encodeURIComponent(experiment.experimentId)}` },
          body: toNativeJson.experiment(experiment),
        };
      },
    }),
    nativeRoute({
      method: 'GET',
      path: base,
      summary: 'Search experiments: filter, order, and a cursor (page_token / next_page_token)',
      permission: 'authenticated',
      schema: { query: s.searchExperiments, response: { 200: s.experimentPage } },
      async handler(request) {
        const q = request.query as {
          filter?: string;
          order_by?: string | string[];
          max_results?: number;
          page_token?: string;
          view_type?: ViewType;
        };
        const page = await tracking.searchExperiments(
          {
            ...(q.filter ? { filter: q.filter } : {}),
            ...(q.order_by === undefined ? {} : { orderBy: queryList(q.order_by) }),
            ...(q.max_results === undefined ? {} : { maxResults: q.max_results }),
            ...(q.page_token ? { pageToken: q.page_token } : {}),
            ...(q.view_type === undefined ? {} : { viewType: q.view_type }),
          },
          request.call,
        );
        return {
          status: 200,
          body: {
            experiments: page.items.map(toNativeJson.experiment),
            ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
          },
        };
      },
    }),
    nativeRoute({
      method: 'GET',
      path: `${base}/:experimentId`,
      summary: 'Get an experiment, active or deleted',
      permission: byParam('READ'),
      schema: { params: s.experimentParams, response: { 200: s.experimentOut } },
      async handler(request) {
        const experiment = await tracking.getExperiment(request.params.experimentId!, request.call);
        return { status: 200, body: toNativeJson.experiment(experiment) };
      },
    }),
    nativeRoute({
      method: 'PATCH',
      path: `${base}/:experimentId`,
      summary: 'Rename an experiment',
      permission: byParam('EDIT'),
      schema: { params: s.experimentParams, body: s.updateExperiment, response: { 200: s.experimentOut } },
      async handler(request) {
        const { name } = request.body as { name: string };
        const experiment = await tracking.renameExperiment(request.params.experimentId!, name, request.call);
        return { status: 200, body: toNativeJson.experiment(experiment) };
      },
    }),
    nativeRoute({
      method: 'DELETE',
      path: `${base}/:experimentId`,
      summary: 'Soft-delete an experiment and its runs (restorable until purged)',
      permission: byParam('MANAGE'),
      schema: { params: s.experimentParams, response: { 204: {} } },
      async handler(request) {
        await tracking.deleteExperiment(request.params.experimentId!, request.call);
        return noContent;
      },
    }),
    nativeRoute({
      method: 'POST',
      path: `${base}/:experimentId/restore`,
      summary: 'Restore a deleted experiment and the runs deleted with it',
      permission: byParam('MANAGE'),
      schema: { params: s.experimentParams, response: { 200: s.experimentOut } },
      async handler(request) {
        const experimentId = request.params.experimentId!;
        await tracking.restoreExperiment(experimentId, request.call);
        return {
          status: 200,
          body: toNativeJson.experiment(await tracking.getExperiment(experimentId, request.call)),
        };
      },
    }),
    nativeRoute({
      method: 'PUT',
      path: `${base}/:experimentId/tags/:key`,
      summary: 'Set a tag of an experiment',
      permission: byParam('EDIT'),
      schema: { params: s.experimentTagParams, body: s.tagValue, response: { 204: {} } },
      async handler(request) {
        const { value } = request.body as { value: string };
        await tracking.setExperimentTag(
          request.params.experimentId!,
          request.params.key!,
          value,
          request.call,
        );
        return noContent;
      },
    }),
    nativeRoute({
      method: 'DELETE',
      path: `${base}/:experimentId/tags/:key`,
      summary: 'Delete a tag of an experiment',
      permission: byParam('EDIT'),
      schema: { params: s.experimentTagParams, response: { 204: {} } },
      async handler(request) {
        await tracking.deleteExperimentTag(request.params.experimentId!, request.params.key!, request.call);
        return noContent;
      },
    }),
  ];
}
