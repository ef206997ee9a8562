import type { JsonSchema } from '@mlops/plugin-api';

/** JSON Schemas of the `/api/v1/hpo` requests and answers, for validation and the OpenAPI document. */

const string = { type: 'string' } as const;
const id = { type: 'string', minLength: 1, maxLength: 500 } as const;
const integer = { type: 'integer' } as const;
const boolean = { type: 'boolean' } as const;
const anyObject = { type: 'object' } as const;
/** A double on the wire: a number, or `NaN`, `Infinity`, `-Infinity` as strings. */
const double = {
  anyOf: [{ type: 'number' }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }],
} as const;
const paramValue = { type: ['number', 'string', 'boolean', 'null'] } as const;
const direction = { type: 'string', enum: ['minimize', 'maximize'] } as const;
const trialState = {
  type: 'string',
  enum: ['WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'STALE'],
} as const;

/** A request object; unknown fields are refused, naming them, so a typo never goes unnoticed. */
function object(properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

/** A parameter's distribution, as in a search space and in a trial. */
const distribution = object(
  {
    kind: { type: 'string', enum: ['float', 'int', 'categorical'] },
    low: { type: 'number' },
    high: { type: 'number' },
    log: boolean,
    step: { type: 'number', exclusiveMinimum: 0 },
    choices: { type: 'array', minItems: 1, items: paramValue },
  },
  ['kind'],
);

const samplerName = {
  type: 'string',
  enum: ['TPESampler', 'RandomSampler', 'GridSampler', 'NSGAIISampler'],
} as const;
const prunerName = {
  type: 'string',
  enum: ['NopPruner', 'MedianPruner', 'SuccessiveHalvingPruner', 'HyperbandPruner'],
} as const;

const studyOut = {
  type: 'object',
  properties: {
    study_id: string,
    name: string,
    directions: { type: 'array', items: direction },
    created_at: integer,
    config: anyObject,
    user_attrs: anyObject,
  },
} as const;

const trialOut = {
  type: 'object',
  properties: {
    study_id: string,
    number: integer,
    state: trialState,
    params: { type: 'object', additionalProperties: paramValue },
    distributions: { type: 'object', additionalProperties: anyObject },
    values: { type: 'array', items: double },
    intermediate_values: {
      type: 'array',
      items: { type: 'array', prefixItems: [integer, double], minItems: 2, maxItems: 2 },
    },
    invalid: boolean,
    started_at: integer,
    finished_at: integer,
    heartbeat_at: integer,
    run_id: string,
    user_attrs: anyObject,
  },
} as const;

const pruneOut = { type: 'object', properties: { should_prune: boolean } } as const;

const objectiveQuery = object({
  objective: { type: 'integer', minimum: 0, default: 0, description: 'which objective (0-based)' },
  max_trials: { type: 'integer', minimum: 1, maximum: 100_000, description: 'plot at most this many trials' },
});

/** The schemas of each route. */
export const hpoSchemas = {
  studyParams: { type: 'object', required: ['studyId'], properties: { studyId: id } },
  trialParams: {
    type: 'object',
    required: ['studyId', 'number'],
    properties: { studyId: id, number: { type: 'integer', minimum: 0 } },
  },
  createStudy: object(
    {
      name: id,
      direction,
      directions: { type: 'array', minItems: 1, items: direction },
      sampler: object({ name: samplerName, options: anyObject }, ['name']),
      pruner: object({ name: prunerName, options: anyObject }, ['name']),
      seed: integer,
      user_attrs: anyObject,
      load_if_exists: { type: 'boolean', default: false },
    },
    ['name'],
  ),
  listStudies: object({
    max_results: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    page_token: string,
  }),
  studyOut,
  studyPage: {
    type: 'object',
    properties: { studies: { type: 'array', items: studyOut }, next_page_token: string },
  },
  ask: object({ search_space: { type: 'object', additionalProperties: distribution } }),
  tell: object({
    state: { type: 'string', enum: ['COMPLETE', 'PRUNED', 'FAIL'], default: 'COMPLETE' },
    value: double,
    values: { type: 'array', minItems: 1, items: double },
  }),
  report: object({ step: { type: 'integer', minimum: 0 }, value: double }, ['step', 'value']),
  updateTrial: object({ invalid: boolean }, ['invalid']),
  listTrials: object({
    after: { type: 'integer', minimum: -1 },
    max_results: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    states: { anyOf: [trialState, { type: 'array', items: trialState }] },
  }),
  trialOut,
  trialPage: {
    type: 'object',
    properties: { trials: { type: 'array', items: trialOut }, next_after: integer },
  },
  pruneOut,
  best: {
    type: 'object',
    properties: {
      best_trials: { type: 'array', items: trialOut },
      best_params: { type: 'object', additionalProperties: paramValue },
      best_value: double,
    },
  },
  objectiveQuery,
  importances: {
    type: 'object',
    properties: {
      method: string,
      objective: integer,
      importances: {
        type: 'array',
        items: { type: 'object', properties: { name: string, importance: { type: 'number' } } },
      },
    },
  },
  plot: anyObject,
  completed: {
    type: 'object',
    properties: {
      study_id: string,
      study_name: string,
      best_params: { type: 'object', additionalProperties: paramValue },
      best_trials: { type: 'array', items: anyObject },
      trial_counts: { type: 'object', additionalProperties: integer },
      best_run_id: string,
    },
  },
  html: { type: 'string', description: 'a self-contained HTML page' },
} as const satisfies Record<string, JsonSchema>;
