import type { ArtifactEntry, DatasetInput, Metric, Run, RunInfo } from '@mlops/plugin-api';
import { jsonDouble } from './wireNumbers.js';

/** MLflow's JSON of a metric point. */
export interface MlflowMetricJson {
  readonly key: string;
  readonly value: number | string;
  readonly timestamp: number;
  readonly step: number;
}

/** MLflow's JSON of a run's info: both `run_uuid` and `run_id`, `end_time` only once ended. */
export function toMlflowRunInfo(info: RunInfo): Record<string, unknown> {
  return {
    run_uuid: info.runId,
    experiment_id: info.experimentId,
    run_name: info.runName,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
    ...(info.endTime === undefined ? {} : { end_time: info.endTime }),
    artifact_uri: info.artifactUri,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
  };
}

/** MLflow's JSON of a metric point; NaN and the infinities as protobuf writes them (`"NaN"`). */
export function toMlflowMetric(metric: Metric): MlflowMetricJson {
  return {
    key: metric.key,
    value: jsonDouble(metric.value),
    timestamp: metric.timestamp,
    step: metric.step,
  };
}

function toMlflowDatasetInput(input: DatasetInput): Record<string, unknown> {
  const { dataset } = input;
  return {
    ...(input.tags.length > 0 ? { tags: input.tags.map((t) => ({ key: t.key, value: t.value })) } : {}),
    dataset: {
      name: dataset.name,
      digest: dataset.digest,
      source_type: dataset.sourceType,
      source: dataset.source,
      ...(dataset.schema === undefined ? {} : { schema: dataset.schema }),
      ...(dataset.profile === undefined ? {} : { profile: dataset.profile }),
    },
  };
}

/**
 * MLflow's JSON of a run: empty lists are left out, as protobuf's JSON printer does. MLflow's
 * `runs/create` answers without `inputs`; `runs/get` and `runs/search` with them.
 */
export function toMlflowRun(
  run: Run,
  options: { inputs: boolean } = { inputs: true },
): Record<string, unknown> {
  const { metrics, params, tags } = run.data;
  const datasets = run.inputs.datasetInputs;
  return {
    info: toMlflowRunInfo(run.info),
    data: {
      ...(metrics.length > 0 ? { metrics: metrics.map(toMlflowMetric) } : {}),
      ...(params.length > 0 ? { params: params.map((p) => ({ key: p.key, value: p.value })) } : {}),
      ...(tags.length > 0 ? { tags: tags.map((t) => ({ key: t.key, value: t.value })) } : {}),
    },
    ...(options.inputs
      ? { inputs: datasets.length > 0 ? { dataset_inputs: datasets.map(toMlflowDatasetInput) } : {} }
      : {}),
  };
}

/** MLflow's `FileInfo`: `is_dir` always, `file_size` for files only. */
export function toMlflowFileInfo(entry: ArtifactEntry, path = entry.path): Record<string, unknown> {
  return {
    path,
    is_dir: entry.isDir,
    ...(entry.isDir || entry.size === undefined ? {} : { file_size: entry.size }),
  };
}
