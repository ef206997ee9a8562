import type { LoggedModel, LoggedModelStatus } from '@mlops/plugin-api';

/** MLflow 3's `LoggedModelStatus` names of our statuses. */
export const mlflowModelStatus: Readonly<Record<LoggedModelStatus, string>> = {
  PENDING: 'LOGGED_MODEL_PENDING',
  READY: 'LOGGED_MODEL_READY',
  UPLOAD_FAILED: 'LOGGED_MODEL_UPLOAD_FAILED',
};

/** A logged model as MLflow 3's `LoggedModel` message: `{ info, data }`, int64s as JSON numbers. */
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
      ...(model.creatorId === undefined ? {} : { creator_id: model.creatorId }),
      ...(model.modelType === undefined ? {} : { model_type: model.modelType }),
      ...(model.sourceRunId === undefined ? {} : { source_run_id: model.sourceRunId }),
      ...(model.statusMessage === undefined ? {} : { status_message: model.statusMessage }),
      tags: model.tags.map((t) => ({ key: t.key, value: t.value })),
    },
    data: {
      params: model.params.map((p) => ({ key: p.key, value: p.value })),
      metrics: [],
    },
  };
}
