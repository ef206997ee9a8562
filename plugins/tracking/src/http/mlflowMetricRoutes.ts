import { InvalidArgumentError, type RouteDefinition, type Tracking } from '@mlops/plugin-api';
import { mlflowEndpoint } from './mlflowEndpoint.js';
import { mlflowRunId } from './mlflowRunId.js';
import { mlflowSchemas as s } from './mlflowSchemas.js';
import { queryList, queryListSchema } from './queryList.js';
import { readWholeHistory } from './readWholeHistory.js';
import { sampleBulkIntervalSteps } from './sampleBulkIntervalSteps.js';
import { toMlflowMetric } from './toMlflowRun.js';
import { mlflowRunPermission, runsPermission } from './trackingPermissions.js';
import { int64Of, int64Schema } from './wireNumbers.js';

/** MLflow's limits of `get-history-bulk-interval` (`mlflow/server/handlers.py`). */
const maxRunsPerBulkRequest = 100;
const maxResultsPerRun = 2500;
const maxPointsPerRun = 25_000;

const metricsResponse = (item: Record<string, unknown>) => ({
  type: 'object',
  properties: { metrics: { type: 'array', items: item }, next_page_token: { type: 'string' } },
});

/** MLflow's metric history endpoints: `metrics/get-history` and `metrics/get-history-bulk-interval`. */
export function mlflowMetricRoutes(tracking: Tracking): RouteDefinition[] {
  return [
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow/metrics/get-history',
      rpc: 'getMetricHistory',
      summary: "Every point of a run's metric; paged only when max_results is given",
      permission: mlflowRunPermission('READ'),
      schema: { query: s.getMetricHistory, response: { 200: metricsResponse(s.metricOut) } },
      async handler(request) {
        const q = request.query as { metric_key: string; max_results?: number | string; page_token?: string };
        const runId = mlflowRunId(q);
        const maxResults = int64Of(q.max_results, 'max_results');
        if (maxResults === undefined && !q.page_token) {
          const points = await readWholeHistory(tracking, runId, q.metric_key, request.call);
          return points.length > 0 ? { metrics: points.map(toMlflowMetric) } : {};
        }
        const page = await tracking.getMetricHistory(
          {
            runId,
            key: q.metric_key,
            ...(maxResults === undefined ? {} : { maxResults }),
            ...(q.page_token ? { pageToken: q.page_token } : {}),
          },
          request.call,
        );
        return {
          ...(page.points.length > 0 ? { metrics: page.points.map(toMlflowMetric) } : {}),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    }),
    mlflowEndpoint({
      method: 'GET',
      path: '/mlflow/metrics/get-history-bulk-interval',
      rpc: 'getMetricHistoryBulkInterval',
      summary: 'A metric of up to 100 runs, sampled to at most max_results steps over a step range',
      permission: runsPermission('READ', (request) => queryList(request.query.run_ids)),
      schema: {
        query: {
          type: 'object',
          required: ['run_ids', 'metric_key'],
          properties: {
            run_ids: queryListSchema,
            metric_key: { type: 'string', minLength: 1 },
            start_step: int64Schema,
            end_step: int64Schema,
            max_results: int64Schema,
          },
        },
        response: {
          200: metricsResponse({
            type: 'object',
            properties: { ...s.metricOut.properties, run_id: { type: 'string' } },
          }),
        },
      },
      async handler(request) {
        const q = request.query as Record<string, unknown> & { metric_key: string };
        const runIds = queryList(q.run_ids);
        if (runIds.length > maxRunsPerBulkRequest) {
          throw new InvalidArgumentError(
            `GetMetricHistoryBulkInterval request must specify at most ${maxRunsPerBulkRequest} run_ids. Received ${runIds.length} run_ids. See the API docs for more information about request parameters.`,
            { field: 'run_ids', reason: 'too_many' },
          );
        }
        const maxResults = int64Of(q.max_results, 'max_results') ?? maxResultsPerRun;
        if (maxResults < 1 || maxResults > maxResultsPerRun) {
          throw new InvalidArgumentError(
            `max_results must be between 1 and ${maxResultsPerRun}. See the API docs for more information about request parameters.`,
            { field: 'max_results', reason: 'out_of_range' },
          );
        }
        const start = int64Of(q.start_step, 'start_step');
        const end = int64Of(q.end_step, 'end_step');
        if ((start === undefined) !== (end === undefined)) {
          throw new InvalidArgumentError(
            'If either start step or end step are specified, both must be specified.',
            {
              field: start === undefined ? 'start_step' : 'end_step',
              reason: 'missing',
            },
          );
        }
        if (start !== undefined && end !== undefined && start > end) {
          throw new InvalidArgumentError(
            `end_step must be greater than start_step. Found start_step=${start} and end_step=${end}.`,
            { field: 'end_step', reason: 'out_of_range' },
          );
        }
        const histories = [];
        for (const runId of runIds) {
          histories.push(await readWholeHistory(tracking, runId, q.metric_key, request.call));
        }
        const steps = sampleBulkIntervalSteps(
          histories.map((points) => points.map((p) => p.step)),
          maxResults,
          start === undefined || end === undefined ? undefined : { start, end },
        );
        const metrics = histories.flatMap((points, i) =>
          points
            .filter((p) => steps.has(p.step))
            .slice(0, maxPointsPerRun)
            .map((p) => ({ ...toMlflowMetric(p), run_id: runIds[i] })),
        );
        return metrics.length > 0 ? { metrics } : {};
      },
    }),
  ].flat();
}
