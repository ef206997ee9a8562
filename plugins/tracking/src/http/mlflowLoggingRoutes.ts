import type {
  DatasetInput,
  LoggedModels,
  ModelMetricInput,
  RouteDefinition,
  Tracking,
} from '@mlops/plugin-api';
import { mlflowEndpoint } from './mlflowEndpoint.js';
import { mlflowRunId } from './mlflowRunId.js';
import { mlflowSchemas as s } from './mlflowSchemas.js';
import { recordLoggedModel } from './recordLoggedModel.js';
import { mlflowRunPermission } from './trackingPermissions.js';
import { doubleOf, int64Of } from './wireNumbers.js';

interface MetricFields {
  key: string;
  value: number | string;
  timestamp: number | string;
  step?: number | string;
  /** MLflow 3: the logged model the point is also recorded for, and the dataset it was measured on. */
  model_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
}

interface KeyValueFields {
  key: string;
  value?: string;
}

interface DatasetInputFields {
  tags?: { key: string; value: string }[];
  dataset: {
    name: string;
    digest: string;
    source_type: string;
    source: string;
    schema?: string;
    profile?: string;
  };
}

function toMetric(m: MetricFields, field: string) {
  return {
    key: m.key,
    value: doubleOf(m.value),
    timestamp: int64Of(m.timestamp, `${field}.timestamp`) as number,
    step: int64Of(m.step, `${field}.step`) ?? 0,
  };
}

/** The points of `metrics` that name a logged model (MLflow 3), to record for it as well. */
function modelMetricsOf(metrics: readonly MetricFields[]): ModelMetricInput[] {
  return metrics.flatMap((m, i) =>
    m.model_id
      ? [
          {
            ...toMetric(m, `metrics[${i}]`),
            modelId: m.model_id,
            ...(m.dataset_name ? { datasetName: m.dataset_name } : {}),
            ...(m.dataset_digest ? { datasetDigest: m.dataset_digest } : {}),
          },
        ]
      : [],
  );
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
    tags: (input.tags ?? []).map((t) => ({ key: t.key, value: t.value })),
  };
}

/**
 * MLflow's run logging endpoints: log-metric, log-parameter, set-tag, delete-tag, log-batch,
 * log-inputs and log-model, each one `logBatch` (or `deleteTag`, `logInputs`) of the Tracking port.
 * Metric points sent with an MLflow 3 `model_id` are then recorded for that logged model too
 * (checked before the run's batch is written, so a point for an unknown model writes nothing).
 */
export function mlflowLoggingRoutes(tracking: Tracking, loggedModels: LoggedModels): RouteDefinition[] {
  const write = mlflowRunPermission('EDIT');
  const voidResponse = { 200: s.empty };
  return [
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/log-metric',
      rpc: 'logMetric',
      summary: 'Log one metric point',
      permission: write,
      schema: { body: s.logMetric, response: voidResponse },
      async handler(request) {
        const b = request.body as MetricFields;
        const runId = mlflowRunId(b);
        const forModels = modelMetricsOf([b]);
        await loggedModels.checkModelMetrics(forModels, request.call);
        await tracking.logBatch(runId, { metrics: [toMetric(b, 'metric')] }, request.call);
        if (forModels.length > 0) await loggedModels.logModelMetrics(runId, forModels, request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/log-parameter',
      rpc: 'logParam',
      summary: 'Log a param (immutable once logged)',
      permission: write,
      schema: { body: s.logParam, response: voidResponse },
      async handler(request) {
        const b = request.body as KeyValueFields;
        await tracking.logBatch(
          mlflowRunId(b),
          { params: [{ key: b.key, value: b.value ?? '' }] },
          request.call,
        );
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/set-tag',
      rpc: 'setTag',
      summary: 'Set a tag on a run (`mlflow.runName` renames it)',
      permission: write,
      schema: { body: s.setTag, response: voidResponse },
      async handler(request) {
        const b = request.body as KeyValueFields;
        await tracking.logBatch(
          mlflowRunId(b),
          { tags: [{ key: b.key, value: b.value ?? '' }] },
          request.call,
        );
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/delete-tag',
      rpc: 'deleteTag',
      summary: 'Delete a tag of a run',
      permission: write,
      schema: { body: s.deleteTag, response: voidResponse },
      async handler(request) {
        const b = request.body as { key: string };
        await tracking.deleteTag(mlflowRunId(b), b.key, request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/log-batch',
      rpc: 'logBatch',
      summary: 'Log up to 1000 metrics, 100 params and 100 tags in one transaction',
      permission: write,
      schema: { body: s.logBatch, response: voidResponse },
      async handler(request) {
        const b = request.body as {
          metrics?: MetricFields[];
          params?: KeyValueFields[];
          tags?: KeyValueFields[];
        };
        const runId = mlflowRunId(b);
        const forModels = modelMetricsOf(b.metrics ?? []);
        await loggedModels.checkModelMetrics(forModels, request.call);
        await tracking.logBatch(
          runId,
          {
            ...(b.metrics === undefined
              ? {}
              : { metrics: b.metrics.map((m, i) => toMetric(m, `metrics[${i}]`)) }),
            ...(b.params === undefined
              ? {}
              : { params: b.params.map((p) => ({ key: p.key, value: p.value ?? '' })) }),
            ...(b.tags === undefined
              ? {}
              : { tags: b.tags.map((t) => ({ key: t.key, value: t.value ?? '' })) }),
          },
          request.call,
        );
        if (forModels.length > 0) await loggedModels.logModelMetrics(runId, forModels, request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/log-inputs',
      rpc: 'logInputs',
      summary: 'Log the datasets (and, MLflow 3, the logged models) a run used',
      permission: write,
      schema: { body: s.logInputs, response: voidResponse },
      async handler(request) {
        const b = request.body as { datasets?: DatasetInputFields[]; models?: { model_id?: string }[] };
        const runId = mlflowRunId(b);
        const modelIds = (b.models ?? []).map((m) => m.model_id ?? '');
        // MLflow 3's `models`: checked before the datasets are written, so an unknown one writes nothing.
        for (const id of new Set(modelIds)) await loggedModels.getLoggedModel(id, request.call);
        await tracking.logInputs(runId, (b.datasets ?? []).map(toDatasetInput), request.call);
        if (modelIds.length > 0) await loggedModels.logModelInputs(runId, modelIds, request.call);
        return {};
      },
    }),
    mlflowEndpoint({
      method: 'POST',
      path: '/mlflow/runs/log-model',
      rpc: 'logModel',
      summary: "Append an MLmodel's summary to the run's `mlflow.log-model.history` tag",
      permission: write,
      schema: { body: s.logModel, response: voidResponse },
      async handler(request) {
        const b = request.body as { model_json: string };
        await recordLoggedModel(tracking, mlflowRunId(b), b.model_json, request.call);
        return {};
      },
    }),
  ].flat();
}
