import type {
  ArtifactEntry,
  DatasetInput,
  Experiment,
  GroupComparison,
  LoggedModel,
  Metric,
  MetricHistory,
  Run,
  RunComparison,
} from '@mlops/plugin-api';
import { jsonDouble } from './wireNumbers.js';

/**
 * The native API's JSON (`/api/v1`): snake_case fields as in MLflow, tags and params as objects,
 * and non-finite numbers as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
 */
export const toNativeJson = {
  experiment(experiment: Experiment): Record<string, unknown> {
    return {
      experiment_id: experiment.experimentId,
      name: experiment.name,
      artifact_location: experiment.artifactLocation,
      lifecycle_stage: experiment.lifecycleStage,
      creation_time: experiment.creationTime,
      last_update_time: experiment.lastUpdateTime,
      tags: { ...experiment.tags },
    };
  },

  metric(metric: Metric): Record<string, unknown> {
    return {
      key: metric.key,
      value: jsonDouble(metric.value),
      timestamp: metric.timestamp,
      step: metric.step,
    };
  },

  datasetInput(input: DatasetInput): Record<string, unknown> {
    const d = input.dataset;
    return {
      dataset: {
        name: d.name,
        digest: d.digest,
        source_type: d.sourceType,
        source: d.source,
        ...(d.schema === undefined ? {} : { schema: d.schema }),
        ...(d.profile === undefined ? {} : { profile: d.profile }),
      },
      tags: Object.fromEntries(input.tags.map((t) => [t.key, t.value])),
    };
  },

  /** An MLflow 3 logged model, with its params, tags and metric points. */
  loggedModel(model: LoggedModel): Record<string, unknown> {
    return {
      model_id: model.modelId,
      experiment_id: model.experimentId,
      name: model.name,
      artifact_uri: model.artifactUri,
      status: model.status,
      ...(model.statusMessage === undefined ? {} : { status_message: model.statusMessage }),
      creation_time: model.creationTime,
      last_updated_time: model.lastUpdatedTime,
      ...(model.modelType === undefined ? {} : { model_type: model.modelType }),
      ...(model.sourceRunId === undefined ? {} : { source_run_id: model.sourceRunId }),
      ...(model.creatorId === undefined ? {} : { creator_id: model.creatorId }),
      params: Object.fromEntries(model.params.map((p) => [p.key, p.value])),
      tags: Object.fromEntries(model.tags.map((t) => [t.key, t.value])),
      metrics: model.metrics.map((m) => ({
        ...toNativeJson.metric(m),
        ...(m.runId === undefined ? {} : { run_id: m.runId }),
        ...(m.datasetName === undefined ? {} : { dataset_name: m.datasetName }),
        ...(m.datasetDigest === undefined ? {} : { dataset_digest: m.datasetDigest }),
      })),
    };
  },

  /** A run; `parts` limits the data to what a search asked for (all of it by default). */
  run(run: Run, parts: ReadonlySet<string> = allRunParts): Record<string, unknown> {
    const { info, data } = run;
    return {
      run_id: info.runId,
      run_name: info.runName,
      experiment_id: info.experimentId,
      user_id: info.userId,
      status: info.status,
      start_time: info.startTime,
      ...(info.endTime === undefined ? {} : { end_time: info.endTime }),
      artifact_uri: info.artifactUri,
      lifecycle_stage: info.lifecycleStage,
      ...(parts.has('metrics') ? { metrics: data.metrics.map(toNativeJson.metric) } : {}),
      ...(parts.has('params')
        ? { params: Object.fromEntries(data.params.map((p) => [p.key, p.value])) }
        : {}),
      ...(parts.has('tags') ? { tags: Object.fromEntries(data.tags.map((t) => [t.key, t.value])) } : {}),
      ...(parts.has('inputs') ? { inputs: run.inputs.datasetInputs.map(toNativeJson.datasetInput) } : {}),
    };
  },

  history(history: MetricHistory): Record<string, unknown> {
    return {
      key: history.key,
      points: history.points.map((p) => ({
        step: p.step,
        timestamp: p.timestamp,
        value: jsonDouble(p.value),
      })),
      sampled: history.sampled,
      total_points: history.totalPoints,
      ...(history.nextPageToken === undefined ? {} : { next_page_token: history.nextPageToken }),
    };
  },

  artifact(entry: ArtifactEntry): Record<string, unknown> {
    return {
      path: entry.path,
      is_dir: entry.isDir,
      ...(entry.size === undefined ? {} : { size: entry.size }),
    };
  },

  comparison(comparison: RunComparison): Record<string, unknown> {
    return {
      runs: comparison.runs.map((r) => ({ run_id: r.runId, run_name: r.runName })),
      params: comparison.params.map((p) => ({ key: p.key, values: [...p.values] })),
      metrics: comparison.metrics.map((m) => ({
        key: m.key,
        values: m.values.map((v) => (v === null ? null : jsonDouble(v))),
      })),
    };
  },

  groupComparison(c: GroupComparison): Record<string, unknown> {
    const group = (g: GroupComparison['a']) => ({ n: g.n, mean: jsonDouble(g.mean), sd: jsonDouble(g.sd) });
    return {
      metric: c.metric,
      a: group(c.a),
      b: group(c.b),
      t: jsonDouble(c.t),
      df: jsonDouble(c.df),
      p_value: jsonDouble(c.pValue),
      mean_difference: jsonDouble(c.meanDifference),
      confidence_interval: c.confidenceInterval.map(jsonDouble),
      confidence_level: c.confidenceLevel,
      effect_size: jsonDouble(c.effectSize),
    };
  },
};

/** Every part of a run's data. */
export const allRunParts: ReadonlySet<string> = new Set(['metrics', 'params', 'tags', 'inputs']);
