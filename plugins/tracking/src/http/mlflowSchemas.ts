import type { JsonSchema } from '@mlops/plugin-api';
import { doubleSchema, int64Schema } from './wireNumbers.js';

/**
 * JSON Schemas of MLflow's tracking messages (`mlflow/protos/service.proto`), for validation and
 * for the OpenAPI document. Requests allow unknown fields, as MLflow ignores them.
 */

const string = { type: 'string' } as const;
/** A field MLflow checks with `_assert_required`: present and not empty. */
const requiredString = { type: 'string', minLength: 1 } as const;
const keyValue = {
  type: 'object',
  required: ['key'],
  properties: { key: requiredString, value: string },
} as const;

/** Run-scoped requests carry `run_id`, or the deprecated `run_uuid`, or both (the Python client). */
const runIdFields = {
  run_id: { type: 'string', description: 'the run; `run_uuid` (deprecated) is accepted instead' },
  run_uuid: { type: 'string', description: 'deprecated alias of `run_id`' },
} as const;

/** `ViewType` by name or number, as protobuf's JSON parser takes it. */
const viewType = {
  anyOf: [
    { type: 'string', enum: ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL', '1', '2', '3'] },
    { type: 'integer', enum: [1, 2, 3] },
  ],
} as const;

/** `RunStatus` by name or number. */
const runStatus = {
  anyOf: [
    {
      type: 'string',
      enum: ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED', '1', '2', '3', '4', '5'],
    },
    { type: 'integer', enum: [1, 2, 3, 4, 5] },
  ],
} as const;

function message<P extends Record<string, JsonSchema>>(
  properties: P,
  required: readonly string[] = [],
): { type: 'object'; properties: P; required?: readonly string[] } {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

const tagsOut = { type: 'array', items: message({ key: string, value: string }) } as const;

const experimentOut = message({
  experiment_id: string,
  name: string,
  artifact_location: string,
  lifecycle_stage: { type: 'string', enum: ['active', 'deleted'] },
  last_update_time: { type: 'integer' },
  creation_time: { type: 'integer' },
  tags: tagsOut,
});

const metricOut = message({
  key: string,
  value: { anyOf: [{ type: 'number' }, { type: 'string' }] },
  timestamp: { type: 'integer' },
  step: { type: 'integer' },
});

const runInfoOut = message({
  run_uuid: string,
  experiment_id: string,
  run_name: string,
  user_id: string,
  status: { type: 'string', enum: ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] },
  start_time: { type: 'integer' },
  end_time: { type: 'integer' },
  artifact_uri: string,
  lifecycle_stage: { type: 'string', enum: ['active', 'deleted'] },
  run_id: string,
});

const datasetFields = {
  name: requiredString,
  digest: requiredString,
  source_type: requiredString,
  source: requiredString,
  schema: string,
  profile: string,
} as const;

const datasetInput = message(
  {
    tags: { type: 'array', items: message({ key: requiredString, value: string }, ['key', 'value']) },
    dataset: message(datasetFields, ['name', 'digest', 'source_type', 'source']),
  },
  ['dataset'],
);

const runOut = message({
  info: runInfoOut,
  data: message({
    metrics: { type: 'array', items: metricOut },
    params: tagsOut,
    tags: tagsOut,
  }),
  inputs: message({ dataset_inputs: { type: 'array', items: datasetInput } }),
});

const fileInfoOut = message({ path: string, is_dir: { type: 'boolean' }, file_size: { type: 'integer' } });

/** The empty answer of a void call. */
const empty = { type: 'object', additionalProperties: false } as const;

/** Request and response schemas, by MLflow message name. */
export const mlflowSchemas = {
  empty,
  experimentOut,
  runOut,
  runInfoOut,
  metricOut,
  fileInfoOut,
  createExperiment: message(
    { name: requiredString, artifact_location: string, tags: { type: 'array', items: keyValue } },
    ['name'],
  ),
  experimentId: message({ experiment_id: requiredString }, ['experiment_id']),
  experimentName: message({ experiment_name: requiredString }, ['experiment_name']),
  searchExperiments: message({
    max_results: int64Schema,
    page_token: string,
    filter: string,
    order_by: { type: 'array', items: string },
    view_type: viewType,
  }),
  updateExperiment: message({ experiment_id: requiredString, new_name: requiredString }, [
    'experiment_id',
    'new_name',
  ]),
  setExperimentTag: message({ experiment_id: requiredString, key: requiredString, value: string }, [
    'experiment_id',
    'key',
  ]),
  deleteExperimentTag: message({ experiment_id: requiredString, key: requiredString }, [
    'experiment_id',
    'key',
  ]),
  createRun: message({
    experiment_id: string,
    user_id: string,
    run_name: string,
    start_time: int64Schema,
    tags: { type: 'array', items: keyValue },
  }),
  runId: message(runIdFields),
  updateRun: message({ ...runIdFields, status: runStatus, end_time: int64Schema, run_name: string }),
  searchRuns: message({
    experiment_ids: { type: 'array', items: string },
    filter: string,
    run_view_type: viewType,
    max_results: {
      anyOf: [
        { type: 'integer', maximum: 50000 },
        { type: 'string', pattern: '^-?[0-9]+$' },
      ],
    },
    order_by: { type: 'array', items: string },
    page_token: string,
  }),
  logMetric: message(
    { ...runIdFields, key: requiredString, value: doubleSchema, timestamp: int64Schema, step: int64Schema },
    ['key', 'value', 'timestamp'],
  ),
  logParam: message({ ...runIdFields, key: requiredString, value: string }, ['key']),
  setTag: message({ ...runIdFields, key: requiredString, value: string }, ['key']),
  deleteTag: message({ ...runIdFields, key: requiredString }, ['key']),
  logBatch: message({
    ...runIdFields,
    metrics: {
      type: 'array',
      items: message(
        { key: requiredString, value: doubleSchema, timestamp: int64Schema, step: int64Schema },
        ['key', 'value', 'timestamp'],
      ),
    },
    params: { type: 'array', items: keyValue },
    tags: { type: 'array', items: keyValue },
  }),
  logInputs: message({
    ...runIdFields,
    datasets: { type: 'array', items: datasetInput },
    models: {
      type: 'array',
      description: 'MLflow 3: logged models the run used',
      items: message({ model_id: requiredString }, ['model_id']),
    },
  }),
  logModel: message({ ...runIdFields, model_json: requiredString }, ['model_json']),
  getMetricHistory: message(
    { ...runIdFields, metric_key: requiredString, page_token: string, max_results: int64Schema },
    ['metric_key'],
  ),
  listArtifacts: message({ ...runIdFields, path: string, page_token: string }),
} as const;
