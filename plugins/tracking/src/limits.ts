/**
 * MLflow's documented limits (`mlflow/utils/validation.py`), so that the MLflow-compatible API
 * accepts and refuses exactly what an MLflow server does.
 */
export const limits = {
  /** Metrics in one `logBatch`. */
  metricsPerBatch: 1000,
  /** Params, and separately tags, in one `logBatch`. */
  paramsTagsPerBatch: 100,
  /** Metrics, params and tags together in one `logBatch`. */
  entitiesPerBatch: 1000,
  /** Length of a metric, param or tag key. */
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 5000,
  experimentNameLength: 500,
  experimentTagKeyLength: 250,
  experimentTagValueLength: 5000,
  datasetNameLength: 500,
  datasetDigestLength: 36,
  datasetSourceLength: 65535,
  datasetSchemaLength: 1048575,
  datasetProfileLength: 16777215,
  inputTagKeyLength: 255,
  inputTagValueLength: 500,
} as const;

/** The tag that holds a run's name; setting it renames the run, as in MLflow. */
export const runNameTag = 'mlflow.runName';
