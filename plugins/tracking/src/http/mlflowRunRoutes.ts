import type { LoggedModels, RouteDefinition, Tracking } from '@mlops/plugin-api';
import { mlflowEndpoint } from './mlflowEndpoint.js';
import { runStatusOf, viewTypeOf } from './mlflowEnums.js';
import { mlflowRunId } from './mlflowRunId.js';
import { mlflowSchemas as s } from './mlflowSchemas.js';
import { toMlflowRun, toMlflowRunInfo } from './toMlflowRun.js';
import { mlflowExperimentPermission, mlflowRunPermission } from './trackingPermissions.js';
import { int64Of } from './wireNumbers.js';

const runResponse = { type: 'object', properties: { run: s.runOut } } as const;

/** MLflow's run lifecycle endpoints: create, get, update, delete, restore and search. */
export function mlflowRunRoutes(tracking: Tracking, loggedModels: LoggedModels): RouteDefinition[] {
  return [
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/create',
      rpc: 'createRun',
      summary: 'Create a RUNNING run in an experiment (the Default experiment `0` when none is given)',
      permission: mlflowExperimentPermission('EDIT'),
      schema: { body: s.createRun, response: { 200: runResponse } },
      async handler(request) {
        const b = request.body as {
          experiment_id?: string;
          user_id?: string;
          run_name?: string;
          start_time?: number | string;
          tags?: { key: string; value?: string }[];
        };
        const startTime = int64Of(b.start_time, 'start_time');
        const run = await tracking.createRun(
          {
            experimentId: b.experiment_id || '0',
            ...(b.run_name ? { runName: b.run_name } : {}),
            ...(startTime === undefined ? {} : { startTime }),
            ...(b.user_id ? { userId: b.user_id } : {}),
            ...(b.tags === undefined
              ? {}
              : { tags: b.tags.map((t) => ({ key: t.key, value: t.value ?? '' })) }),
          },
          request.call,
        );
        return { run: toMlflowRun(run, { inputs: false }) };
      },
    }),
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow/runs/get',
      rpc: 'getRun',
      summary: 'Get a run with its latest metrics, params, tags and inputs',
      permission: mlflowRunPermission('READ'),
      schema: { query: s.runId, response: { 200: runResponse } },
      async handler(request) {
        const run = await tracking.getRun(mlflowRunId(request.query), request.call);
        const { inputs, outputs } = await loggedModels.runModels(run.info.runId, request.call);
        const answer = toMlflowRun(run) as { inputs?: Record<string, unknown> };
        return {
          run: {
            ...answer,
            // MLflow 3: the logged models the run used and produced (register_model picks by step).
            ...(inputs.length > 0
              ? { inputs: { ...answer.inputs, model_inputs: inputs.map((id) => ({ model_id: id })) } }
              : {}),
            ...(outputs.length > 0
              ? { outputs: { model_outputs: outputs.map((o) => ({ model_id: o.modelId, step: o.step })) } }
              : {}),
          },
        };
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/update',
      rpc: 'updateRun',
      summary: "Update a run's status, end time or name",
      permission: mlflowRunPermission('EDIT'),
      schema: {
        body: s.updateRun,
        response: { 200: { type: 'object', properties: { run_info: s.runInfoOut } } },
      },
      async handler(request) {
        const b = request.body as { status?: string | number; end_time?: number | string; run_name?: string };
        const status = runStatusOf(b.status);
        const endTime = int64Of(b.end_time, 'end_time');
        const info = await tracking.updateRun(
          mlflowRunId(b),
          {
            ...(status === undefined ? {} : { status }),
            ...(endTime === undefined ? {} : { endTime }),
            ...(b.run_name === undefined ? {} : { runName: b.run_name }),
          },
          request.call,
        );
        return { run_info: toMlflowRunInfo(info) };
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/delete',
      rpc: 'deleteRun',
      summary: 'Soft-delete a run',
      permission: mlflowRunPermission('MANAGE'),
      schema: { body: s.runId, response: { 200: s.empty } },
      async handler(request) {
        await tracking.deleteRun(mlflowRunId(request.body), request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/restore',
      rpc: 'restoreRun',
      summary: 'Restore a deleted run',
      permission: mlflowRunPermission('MANAGE'),
      schema: { body: s.runId, response: { 200: s.empty } },
      async handler(request) {
        await tracking.restoreRun(mlflowRunId(request.body), request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/search',
      rpc: 'searchRuns',
      summary: 'Search runs of experiments by filter, ordered and paged',
      permission: 'authenticated',
      schema: {
        body: s.searchRuns,
        response: {
          200: {
            type: 'object',
            properties: { runs: { type: 'array', items: s.runOut }, next_page_token: { type: 'string' } },
          },
        },
      },
      async handler(request) {
        const b = request.body as {
          experiment_ids?: string[];
          filter?: string;
          run_view_type?: string | number;
          max_results?: number | string;
          order_by?: string[];
          page_token?: string;
        };
        const viewType = viewTypeOf(b.run_view_type);
        const maxResults = int64Of(b.max_results, 'max_results');
        // MLflow searches the experiments listed, so none listed finds nothing.
        if (b.experiment_ids === undefined || b.experiment_ids.length === 0) return {};
        const page = await tracking.searchRuns(
          {
            experimentIds: b.experiment_ids,
            ...(b.filter ? { filter: b.filter } : {}),
            ...(viewType === undefined ? {} : { viewType }),
            ...(b.order_by === undefined ? {} : { orderBy: b.order_by }),
            maxResults: maxResults ?? 1000,
            ...(b.page_token ? { pageToken: b.page_token } : {}),
          },
          request.call,
        );
        return {
          ...(page.runs.length > 0 ? { runs: page.runs.map((run) => toMlflowRun(run)) } : {}),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    }),
  ].flat();
}
