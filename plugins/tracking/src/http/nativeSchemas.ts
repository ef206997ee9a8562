import type { JsonSchema } from '@mlops/plugin-api';
import { queryListSchema } from './queryList.js';

/** JSON Schemas of the native API's requests and answers, for validation and the OpenAPI document. */

const string = { type: 'string' } as const;
const id = { type: 'string', minLength: 1 } as const;
const integer = { type: 'integer' } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
/** A double: a number, or `NaN`, `Infinity`, `-Infinity` as strings. */
const double = {
  anyOf: [{ type: 'number' }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }],
} as const;
const viewType = { type: 'string', enum: ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] } as const;
const runStatus = { type: 'string', enum: ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] } as const;
const lifecycleStage = { type: 'string', enum: ['active', 'deleted'] } as const;

/** A request object; unknown fields are refused, naming them, so a typo never goes unnoticed. */
function object(properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

/** Path parameters, all required. */
function params(...names: string[]): JsonSchema {
  return { type: 'object', required: names, properties: Object.fromEntries(names.map((n) => [n, id])) };
}

const metricIn = object(
  {
    key: id,
    value: double,
    timestamp: { type: 'integer', minimum: 0, description: 'epoch milliseconds; default now' },
    step: { type: 'integer', description: 'default 0' },
  },
  ['key', 'value'],
);
const keyValueIn = object({ key: id, value: string }, ['key', 'value']);
const datasetInputIn = object(
  {
    dataset: object({ name: id, digest: id, source_type: id, source: id, schema: string, profile: string }, [
      'name',
      'digest',
      'source_type',
      'source',
    ]),
    tags: stringMap,
  },
  ['dataset'],
);

const experimentOut = {
  type: 'object',
  properties: {
    experiment_id: string,
    name: string,
    artifact_location: string,
    lifecycle_stage: lifecycleStage,
    creation_time: integer,
    last_update_time: integer,
    tags: stringMap,
  },
} as const;

const metricOut = {
  type: 'object',
  properties: { key: string, value: double, timestamp: integer, step: integer },
} as const;

const runOut = {
  type: 'object',
  properties: {
    run_id: string,
    run_name: string,
    experiment_id: string,
    user_id: string,
    status: runStatus,
    start_time: integer,
    end_time: integer,
    artifact_uri: string,
    lifecycle_stage: lifecycleStage,
    metrics: { type: 'array', items: metricOut },
    params: stringMap,
    tags: stringMap,
    inputs: {
      type: 'array',
      items: { type: 'object', properties: { dataset: { type: 'object' }, tags: stringMap } },
    },
  },
} as const;

const runSearch = {
  filter: { type: 'string', description: "MLflow's filter syntax plus OR, NOT, parentheses and IN" },
  order_by: { ...queryListSchema, description: 'e.g. `metrics.acc DESC`; repeat the field for more keys' },
  max_results: { type: 'integer', minimum: 1, maximum: 50000 },
  page_token: string,
  view_type: viewType,
  include: {
    ...queryListSchema,
    description: 'parts of each run: metrics, params, tags, inputs (all by default)',
  },
  count: { type: 'boolean', description: 'also count every matching run (`total_count`)' },
} as const;

/** Schemas by request or answer. */
export const nativeSchemas = {
  experimentOut,
  runOut,
  metricOut,
  experimentParams: params('experimentId'),
  experimentTagParams: params('experimentId', 'key'),
  runParams: params('runId'),
  runTagParams: params('runId', 'key'),
  runPathParams: params('runId', 'path'),
  createExperiment: object({ name: id, artifact_location: string, tags: stringMap }, ['name']),
  updateExperiment: object({ name: id }, ['name']),
  searchExperiments: object({
    filter: string,
    order_by: queryListSchema,
    max_results: { type: 'integer', minimum: 1, maximum: 50000 },
    page_token: string,
    view_type: viewType,
  }),
  experimentPage: {
    type: 'object',
    properties: { experiments: { type: 'array', items: experimentOut }, next_page_token: string },
  },
  tagValue: object({ value: string }, ['value']),
  createRun: object(
    {
      experiment_id: id,
      run_name: string,
      start_time: { type: 'integer', minimum: 0 },
      tags: stringMap,
    },
    ['experiment_id'],
  ),
  updateRun: object({ status: runStatus, end_time: { type: 'integer', minimum: 0 }, run_name: string }),
  searchRunsQuery: object({
    ...runSearch,
    experiment_id: {
      ...queryListSchema,
      description: 'experiments to search (repeat the field); all when absent',
    },
  }),
  searchRunsBody: object({
    ...runSearch,
    experiment_ids: { type: 'array', items: id },
    order_by: { type: 'array', items: string },
    include: { type: 'array', items: { type: 'string', enum: ['metrics', 'params', 'tags', 'inputs'] } },
  }),
  runPage: {
    type: 'object',
    properties: {
      runs: { type: 'array', items: runOut },
      next_page_token: string,
      total_count: integer,
    },
  },
  batch: object({
    metrics: { type: 'array', items: metricIn },
    params: { type: 'array', items: keyValueIn },
    tags: { type: 'array', items: keyValueIn },
  }),
  metrics: object({ metrics: { type: 'array', items: metricIn } }, ['metrics']),
  params: object({ params: { type: 'array', items: keyValueIn } }, ['params']),
  inputs: object({ datasets: { type: 'array', items: datasetInputIn } }, ['datasets']),
  historyParams: params('runId', 'key'),
  historyQuery: object({
    max_points: {
      type: 'integer',
      minimum: 2,
      maximum: 50000,
      description: 'downsample to about this many points',
    },
    max_results: { type: 'integer', minimum: 1, maximum: 25000 },
    page_token: string,
  }),
  history: {
    type: 'object',
    properties: {
      key: string,
      points: {
        type: 'array',
        items: { type: 'object', properties: { step: integer, timestamp: integer, value: double } },
      },
      sampled: { type: 'boolean' },
      total_points: integer,
      next_page_token: string,
    },
  },
  artifactOut: { type: 'object', properties: { path: string, is_dir: { type: 'boolean' }, size: integer } },
  compare: object({ run_ids: { type: 'array', items: id, minItems: 1, maxItems: 1000 } }, ['run_ids']),
  compareGroups: object(
    {
      metric: id,
      a: { type: 'array', items: id, minItems: 2 },
      b: { type: 'array', items: id, minItems: 2 },
      confidence_level: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    },
    ['metric', 'a', 'b'],
  ),
} as const;
