import type { Metric, Param, Tag } from './Run.js';

/**
 * Where a logged model stands (MLflow 3's LoggedModelStatus): `PENDING` from creation until its
 * artifacts are uploaded, then `READY`, or `UPLOAD_FAILED`.
 */
export type LoggedModelStatus = 'PENDING' | 'READY' | 'UPLOAD_FAILED';

/**
 * A model logged in an experiment, with its own artifacts, params and tags (MLflow 3's
 * LoggedModel): what `mlflow.<flavor>.log_model` creates, and what a model version can be
 * registered from (`models:/<modelId>`).
 */
export interface LoggedModel {
  /** `m-` and 32 lowercase hex characters. */
  readonly modelId: string;
  readonly experimentId: string;
  readonly name: string;
  /** Where its artifacts go: `mlflow-artifacts:/<experimentId>/models/<modelId>/artifacts`. */
  readonly artifactUri: string;
  readonly status: LoggedModelStatus;
  readonly statusMessage?: string;
  /** Epoch milliseconds. */
  readonly creationTime: number;
  readonly lastUpdatedTime: number;
  readonly modelType?: string;
  /** The run that logged it, if any. */
  readonly sourceRunId?: string;
  /** Who created it (the caller's principal id). */
  readonly creatorId?: string;
  readonly tags: readonly Tag[];
  readonly params: readonly Param[];
  /** Every metric point logged for the model (with `modelId`), in the order key, step, timestamp. */
  readonly metrics: readonly LoggedModelMetric[];
}

/**
 * A metric point logged for a logged model (MLflow 3 logs a run's metric with a `model_id`): the
 * run it was logged in, and the dataset it was measured on, if any.
 */
export interface LoggedModelMetric extends Metric {
  readonly runId?: string;
  readonly datasetName?: string;
  readonly datasetDigest?: string;
}

/** A metric point to record for a logged model, as MLflow 3 clients send it. */
export interface ModelMetricInput extends Metric {
  readonly modelId: string;
  readonly datasetName?: string;
  readonly datasetDigest?: string;
}

/** What creating a logged model takes. */
export interface NewLoggedModel {
  readonly experimentId: string;
  /** Generated (`brisk-owl-417`) when absent. */
  readonly name?: string;
  readonly modelType?: string;
  readonly sourceRunId?: string;
  readonly params?: readonly Param[];
  readonly tags?: readonly Tag[];
}

/** A search of logged models, as MLflow's SearchLoggedModels. */
export interface LoggedModelQuery {
  readonly experimentIds: readonly string[];
  /**
   * MLflow's filter syntax over `name`, `model_id`, `model_type`, `status`, `source_run_id`,
   * `creation_timestamp`, `last_updated_timestamp`, `metrics.<key>` (any point of the model
   * matches), `params.<key>` and `tags.<key>`.
   */
  readonly filter?: string;
  /**
   * Fields to order by: an attribute the filter knows, or `metrics.<key>` (the model's latest
   * point, by timestamp then step; on one dataset when `datasetName` is given). Then newest first.
   */
  readonly orderBy?: readonly {
    readonly field: string;
    readonly ascending: boolean;
    readonly datasetName?: string;
    readonly datasetDigest?: string;
  }[];
  /**
   * Datasets metric comparisons are restricted to (a point on one of them); without a metric
   * comparison, models with some point on one of them.
   */
  readonly datasets?: readonly { readonly name: string; readonly digest?: string }[];
  /** 1 to 1000; default 50, as MLflow's. */
  readonly maxResults?: number;
  readonly pageToken?: string;
}

/** A model a run produced, at an optional step (MLflow 3's ModelOutput). */
export interface ModelOutput {
  readonly modelId: string;
  readonly step: number;
}

/** The logged models a run used (MLflow 3's model inputs) and produced (its model outputs). */
export interface RunModels {
  readonly inputs: readonly string[];
  readonly outputs: readonly ModelOutput[];
}
