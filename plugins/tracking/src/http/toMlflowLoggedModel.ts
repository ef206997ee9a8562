import type { LoggedModel, LoggedModelStatus } from '@mlops/plugin-api';
import { jsonDouble } from './wireNumbers.js';

/** MLflow 3's `LoggedModelStatus` names of our statuses. */
export const mlflowModelStatus: Readonly<Record<LoggedModelStatus, string>> = {
  PENDING: 'LOGGED_MODEL_PENDING',
  READY: 'LOGGED_MODEL_READY',
  UPLOAD_FAILED: 'LOGGED_MODEL_UPLOAD_FAILED',
};

/**
 * A logged model as MLflow 3's `LoggedModel` message: `{ info, data }`, int64s as JSON numbers.
 * `creator_id` is left out, as MLflow's server does: it is an int64 in the proto, and MLflow's
 * client parses answers with it, so a principal's name there would fail every call.
 */
export function toMlflowLoggedModel(model: LoggedModel): Record<string, unknown> {
  return {
    info: {
      model_id: model.modelId,
      experiment_id: model.experimentId,
      name: model.name,
      creation_timestamp_ms: model.creationTime,
      last_updated_timestamp_ms: model.lastUpdatedTime,
      artifact_uri: model.artifactUri,
      status: mlflowModelStatus[model.status],
      ...(model.modelType === undefined ? {} : { model_type: model.modelType }),
      ...(model.sourceRunId === undefined ? {} : { source_run_id: model.sourceRunId }),
      ...(model.statusMessage === undefined ? {} : { status_message: model.statusMessage }),
      tags: model.tags.map((t) => ({ key: t.key, value: t.value })),
    },
    data: {
      params: model.params.map((p) => ({ key: p.key, value: p.value })),
      metrics: model.metrics.map((m) => ({
        key: m.key,
        value: jsonDouble(m.value),
        timestamp: m.timestamp,
        step: m.step,
        ...(m.datasetName === undefined ? {} : { dataset_name: m.datasetName }),
        ...(m.datasetDigest === undefined ? {} : { dataset_digest: m.datasetDigest }),
        model_id: model.modelId,
        ...(m.runId === undefined ? {} : { run_id: m.runId }),
      })),
    },
  };
}
