import type { DatasetInput, Metric, RouteDefinition, Tracking } from '@mlops/plugin-api';
import { nativeRoute } from './nativeRoute.js';
import { nativeSchemas as s } from './nativeSchemas.js';
import { toNativeJson } from './toNativeJson.js';
import { runPermission } from './trackingPermissions.js';
import { doubleOf } from './wireNumbers.js';

const base = '/api/v1/runs/:runId';
const noContent = { status: 204 };

interface MetricFields {
  key: string;
  value: number | string;
  timestamp?: number;
  step?: number;
}

interface DatasetInputFields {
  dataset: {
    name: string;
    digest: string;
    source_type: string;
    source: string;
    schema?: string;
    profile?: string;
  };
  tags?: Record<string, string>;
}

function toMetrics(metrics: readonly MetricFields[] | undefined, now: number): Metric[] | undefined {
  return metrics?.map((m) => ({
    key: m.key,
    value: doubleOf(m.value),
    timestamp: m.timestamp ?? now,
    step: m.step ?? 0,
  }));
}

function toDatasetInput(input: DatasetInputFields): DatasetInput {
  const d = input.dataset;
  return {
    dataset: {
      name: d.name,
      digest: d.digest,
      sourceType: d.source_type,
      source: d.source,
      ...(d.schema === undefined ? {} : { schema: d.schema }),
      ...(d.profile === undefined ? {} : { profile: d.profile }),
    },
    tags: Object.entries(input.tags ?? {}).map(([key, value]) => ({ key, value })),
  };
}

/**
 * The native API's writes and reads of a run's data: batches of metrics, params and tags (each
 * request one transaction), a tag by key, dataset inputs, and a metric's history, downsampled on
 * the server with `max_points`.
 */
export function nativeRunDataRoutes(tracking: Tracking): RouteDefinition[] {
  const write = runPermission('EDIT', (request) => request.params.runId);
  return [
    nativeRoute({
      method: 'POST',
      path: `${base}/batch`,
      summary: 'Log metrics, params and tags in one transaction (MLflow limits: 1000 / 100 / 100)',
      permission: write,
      schema: { params: s.runParams, body: s.batch, response: { 204: {} } },
      async handler(request) {
        const b = request.body as {
          metrics?: MetricFields[];
          params?: { key: string; value: string }[];
          tags?: { key: string; value: string }[];
        };
        const metrics = toMetrics(b.metrics, Date.now());
        await tracking.logBatch(
          request.params.runId!,
          {
            ...(metrics === undefined ? {} : { metrics }),
            ...(b.params === undefined ? {} : { params: b.params }),
            ...(b.tags === undefined ? {} : { tags: b.tags }),
          },
          request.call,
        );
        return noContent;
      },
    }),
    nativeRoute({
      method: 'POST',
      path: `${base}/metrics`,
      summary: 'Log a batch of metric points (timestamp defaults to now, step to 0)',
      permission: write,
      schema: { params: s.runParams, body: s.metrics, response: { 204: {} } },
      async handler(request) {
        const { metrics } = request.body as { metrics: MetricFields[] };
        await tracking.logBatch(
          request.params.runId!,
          { metrics: toMetrics(metrics, Date.now())! },
          request.call,
        );
        return noContent;
      },
    }),
    nativeRoute({
      method: 'GET',
      path: `${base}/metrics/:key/history`,
      summary: "A metric's points by step: whole and paged, or downsampled to about max_points",
      permission: runPermission('READ', (request) => request.params.runId),
      schema: { params: s.historyParams, query: s.historyQuery, response: { 200: s.history } },
      async handler(request) {
        const q = request.query as { max_points?: number; max_results?: number; page_token?: string };
        const history = await tracking.getMetricHistory(
          {
            runId: request.params.runId!,
            key: request.params.key!,
            ...(q.max_points === undefined ? {} : { maxPoints: q.max_points }),
            ...(q.max_results === undefined ? {} : { maxResults: q.max_results }),
            ...(q.page_token ? { pageToken: q.page_token } : {}),
          },
          request.call,
        );
        return { status: 200, body: toNativeJson.history(history) };
      },
    }),
    nativeRoute({
      method: 'POST',
      path: `${base}/params`,
      summary: 'Log params (immutable once logged: the same value again is a no-op)',
      permission: write,
      schema: { params: s.runParams, body: s.params, response: { 204: {} } },
      async handler(request) {
        const { params } = request.body as { params: { key: string; value: string }[] };
        await tracking.logBatch(request.params.runId!, { params }, request.call);
        return noContent;
      },
    }),
    nativeRoute({
      method: 'PUT',
      path: `${base}/tags/:key`,
      summary: 'Set a tag of a run (`mlflow.runName` renames it)',
      permission: write,
      schema: { params: s.runTagParams, body: s.tagValue, response: { 204: {} } },
      async handler(request) {
        const { value } = request.body as { value: string };
        await tracking.logBatch(
          request.params.runId!,
          { tags: [{ key: request.params.key!, value }] },
          request.call,
        );
        return noContent;
      },
    }),
    nativeRoute({
      method: 'DELETE',
      path: `${base}/tags/:key`,
      summary: 'Delete a tag of a run',
      permission: write,
      schema: { params: s.runTagParams, response: { 204: {} } },
      async handler(request) {
        await tracking.deleteTag(request.params.runId!, request.params.key!, request.call);
        return noContent;
      },
    }),
    nativeRoute({
      method: 'POST',
      path: `${base}/inputs`,
      summary: 'Log the datasets a run used',
      permission: write,
      schema: { params: s.runParams, body: s.inputs, response: { 204: {} } },
      async handler(request) {
        const { datasets } = request.body as { datasets: DatasetInputFields[] };
        await tracking.logInputs(request.params.runId!, datasets.map(toDatasetInput), request.call);
        return noContent;
      },
    }),
  ];
}
