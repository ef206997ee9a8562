import {
  type CallContext,
  InvalidArgumentError,
  type RouteDefinition,
  type RunStatus,
  type Tracking,
  type ViewType,
} from '@mlops/plugin-api';
import { nativeRoute } from './nativeRoute.js';
import { nativeSchemas as s } from './nativeSchemas.js';
import { queryList } from './queryList.js';
import { allRunParts, toNativeJson } from './toNativeJson.js';
import { experimentPermission, runPermission } from './trackingPermissions.js';

const base = '/api/v1/runs';
const byParam = (action: 'READ' | 'EDIT' | 'MANAGE') =>
  runPermission(action, (request) => request.params.runId);

interface RunSearchFields {
  experiment_ids: string[];
  filter?: string;
  order_by: string[];
  max_results?: number;
  page_token?: string;
  view_type?: ViewType;
  include?: string[];
  count?: boolean;
}

async function searchRuns(tracking: Tracking, f: RunSearchFields, call: CallContext) {
  const unknown = f.include?.find((part) => !allRunParts.has(part));
  if (unknown !== undefined) {
    throw new InvalidArgumentError(
      `include must list parts among metrics, params, tags and inputs, got ${JSON.stringify(unknown)}`,
      { field: 'include', reason: 'unknown_value' },
    );
  }
  const parts = f.include === undefined ? allRunParts : new Set(f.include);
  const page = await tracking.searchRuns(
    {
      experimentIds: f.experiment_ids,
      ...(f.filter ? { filter: f.filter } : {}),
      ...(f.order_by.length > 0 ? { orderBy: f.order_by } : {}),
      ...(f.max_results === undefined ? {} : { maxResults: f.max_results }),
      ...(f.page_token ? { pageToken: f.page_token } : {}),
      ...(f.view_type === undefined ? {} : { viewType: f.view_type }),
      include: {
        metrics: parts.has('metrics'),
        params: parts.has('params'),
        tags: parts.has('tags'),
        inputs: parts.has('inputs'),
      },
      ...(f.count ? { withCount: true } : {}),
    },
    call,
  );
  return {
    status: 200,
    body: {
      runs: page.runs.map((run) => toNativeJson.run(run, parts)),
      ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
      ...(page.totalCount === undefined ? {} : { total_count: page.totalCount }),
    },
  };
}

/**
 * The native API's runs: create, search (`GET /api/v1/runs?filter=...`, or `POST
 * /api/v1/runs/search` with the same fields in a body when a filter outgrows a URL), get,
 * update, delete and restore.
 */
export function nativeRunRoutes(tracking: Tracking): RouteDefinition[] {
  return [
    nativeRoute({
      method: 'POST',
      path: base,
      summary: 'Create a RUNNING run in an experiment',
      permission: experimentPermission(
        'EDIT',
        (request) => (request.body as { experiment_id?: string }).experiment_id,
      ),
      schema: { body: s.createRun, response: { 201: s.runOut } },
      async handler(request) {
        const b = request.body as {
          experiment_id: string;
          run_name?: string;
          start_time?: number;
          tags?: Record<string, string>;
        };
        const run = await tracking.createRun(
          {
            experimentId: b.experiment_id,
            ...(b.run_name ? { runName: b.run_name } : {}),
            ...(b.start_time === undefined ? {} : { startTime: b.start_time }),
            ...(b.tags === undefined
              ? {}
              : { tags: Object.entries(b.tags).map(([key, value]) => ({ key, value })) }),
          },
          request.call,
        );
        return {
          status: 201,
          headers: { Location: `${base}/${run.info.runId}` },
          body: toNativeJson.run(run),
        };
      },
    }),
    nativeRoute({
      method: 'GET',
      path: base,
      summary: 'Search runs: filter, order, projection (include) and a cursor (page_token / next_page_token)',
      permission: 'authenticated',
      schema: { query: s.searchRunsQuery, response: { 200: s.runPage } },
      handler(request) {
        const { experiment_id, order_by, include, ...q } = request.query as Omit<
          RunSearchFields,
          'experiment_ids' | 'order_by' | 'include'
        > &
          Record<'experiment_id' | 'order_by' | 'include', unknown>;
        return searchRuns(
          tracking,
          {
            ...q,
            experiment_ids: queryList(experiment_id),
            order_by: queryList(order_by),
            ...(include === undefined
              ? {}
              : {
                  include: queryList(include)
                    .flatMap((part) => part.split(','))
                    .filter((p) => p !== ''),
                }),
          },
          request.call,
        );
      },
    }),
    nativeRoute({
      method: 'POST',
      path: `${base}/search`,
      summary: 'Search runs with the fields of GET /api/v1/runs in a JSON body',
      permission: 'authenticated',
      schema: { body: s.searchRunsBody, response: { 200: s.runPage } },
      handler(request) {
        const b = request.body as Partial<RunSearchFields>;
        return searchRuns(
          tracking,
          { ...b, experiment_ids: b.experiment_ids ?? [], order_by: b.order_by ?? [] },
          request.call,
        );
      },
    }),
    nativeRoute({
      method: 'GET',
      path: `${base}/:runId`,
      summary: 'Get a run with its latest metrics, params, tags and inputs',
      permission: byParam('READ'),
      schema: { params: s.runParams, response: { 200: s.runOut } },
      async handler(request) {
        return {
          status: 200,
          body: toNativeJson.run(await tracking.getRun(request.params.runId!, request.call)),
        };
      },
    }),
    nativeRoute({
      method: 'PATCH',
      path: `${base}/:runId`,
      summary: "Update a run's status, end time or name; a terminal status ends it",
      permission: byParam('EDIT'),
      schema: { params: s.runParams, body: s.updateRun, response: { 200: s.runOut } },
      async handler(request) {
        const runId = request.params.runId!;
        const b = request.body as { status?: RunStatus; end_time?: number; run_name?: string };
        await tracking.updateRun(
          runId,
          {
            ...(b.status === undefined ? {} : { status: b.status }),
            ...(b.end_time === undefined ? {} : { endTime: b.end_time }),
            ...(b.run_name === undefined ? {} : { runName: b.run_name }),
          },
          request.call,
        );
        return { status: 200, body: toNativeJson.run(await tracking.getRun(runId, request.call)) };
      },
    }),
    nativeRoute({
      method: 'DELETE',
      path: `${base}/:runId`,
      summary: 'Soft-delete a run (restorable until purged)',
      permission: byParam('MANAGE'),
      schema: { params: s.runParams, response: { 204: {} } },
      async handler(request) {
        await tracking.deleteRun(request.params.runId!, request.call);
        return { status: 204 };
      },
    }),
    nativeRoute({
      method: 'POST',
      path: `${base}/:runId/restore`,
      summary: 'Restore a deleted run',
      permission: byParam('MANAGE'),
      schema: { params: s.runParams, response: { 200: s.runOut } },
      async handler(request) {
        const runId = request.params.runId!;
        await tracking.restoreRun(runId, request.call);
        return { status: 200, body: toNativeJson.run(await tracking.getRun(runId, request.call)) };
      },
    }),
  ];
}
