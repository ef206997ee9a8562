import type { AttributeSpec, FilterProfile } from './FilterProfile.js';

const stringField: AttributeSpec = { type: 'string', filter: true, orderBy: true };
const timestampField: AttributeSpec = { type: 'timestamp', filter: true, orderBy: true };
const orderOnly = (type: AttributeSpec['type']): AttributeSpec => ({ type, filter: false, orderBy: true });
const filterOnlyString: AttributeSpec = { type: 'string', filter: true, orderBy: false };

/** Prefixes MLflow accepts for experiments and the model registry: attributes and tags only. */
const attributeAndTagPrefixes = {
  attribute: 'attribute',
  attributes: 'attribute',
  tag: 'tag',
  tags: 'tag',
} as const;

/**
 * Runs (MLflow's `SearchUtils`): metrics, params, tags, the searchable `RunInfo` attributes and
 * `dataset.name|digest|context`. `created` is MLflow's alias of `start_time`, `run name` of
 * `run_name`. Tags and params accept IS NULL / IS NOT NULL.
 */
export const runFilterProfile: FilterProfile = {
  name: 'run',
  prefixes: {
    metric: 'metric',
    metrics: 'metric',
    param: 'param',
    params: 'param',
    parameter: 'param',
    parameters: 'param',
    tag: 'tag',
    tags: 'tag',
    attribute: 'attribute',
    attributes: 'attribute',
    attr: 'attribute',
    run: 'attribute',
    dataset: 'dataset',
    datasets: 'dataset',
  },
  attributes: {
    run_id: stringField,
    run_name: stringField,
    user_id: stringField,
    status: stringField,
    artifact_uri: stringField,
    start_time: timestampField,
    end_time: timestampField,
  },
  attributeAliases: {
    created: 'start_time',
    Created: 'start_time',
    'run name': 'run_name',
    'Run name': 'run_name',
    'Run Name': 'run_name',
  },
  datasetFields: ['name', 'digest', 'context'],
  nullable: ['tag', 'param'],
  orderBy: ['metric', 'param', 'tag', 'attribute'],
};

/**
 * Experiments (MLflow's `SearchExperimentsUtils`): `name`, `creation_time`, `last_update_time` and
 * tags; tags accept IS NULL / IS NOT NULL. order_by also takes `experiment_id`.
 */
export const experimentFilterProfile: FilterProfile = {
  name: 'experiment',
  prefixes: attributeAndTagPrefixes,
  attributes: {
    name: stringField,
    creation_time: timestampField,
    last_update_time: timestampField,
    experiment_id: orderOnly('string'),
  },
  attributeAliases: {},
  datasetFields: [],
  nullable: ['tag'],
  orderBy: ['attribute'],
};

/**
 * Registered models (MLflow's `SearchModelUtils`): `name` and tags. order_by takes `name`,
 * `creation_timestamp`, `last_updated_timestamp` and the legacy `timestamp` (= last updated).
 */
export const registeredModelFilterProfile: FilterProfile = {
  name: 'registered_model',
  prefixes: attributeAndTagPrefixes,
  attributes: {
    name: stringField,
    creation_timestamp: orderOnly('timestamp'),
    last_updated_timestamp: orderOnly('timestamp'),
  },
  attributeAliases: { timestamp: 'last_updated_timestamp' },
  datasetFields: [],
  nullable: [],
  orderBy: ['attribute'],
};

/**
 * Model versions (MLflow's `SearchModelVersionUtils`): `name`, `version_number`, `run_id`,
 * `source_path` and tags. order_by takes `name`, `version_number`, `creation_timestamp`,
 * `last_updated_timestamp`.
 */
export const modelVersionFilterProfile: FilterProfile = {
  name: 'model_version',
  prefixes: attributeAndTagPrefixes,
  attributes: {
    name: stringField,
    version_number: { type: 'number', filter: true, orderBy: true },
    run_id: filterOnlyString,
    source_path: filterOnlyString,
    creation_timestamp: orderOnly('timestamp'),
    last_updated_timestamp: orderOnly('timestamp'),
  },
  attributeAliases: {},
  datasetFields: [],
  nullable: [],
  orderBy: ['attribute'],
};

/**
 * Logged models (MLflow 3's `search_logged_models`): `name`, `model_id`, `model_type`, `status`,
 * `source_run_id`, `creation_timestamp`, `last_updated_timestamp`, metrics, params and tags; tags
 * and params accept IS NULL / IS NOT NULL; order_by takes the attributes and metrics.
 */
export const loggedModelFilterProfile: FilterProfile = {
  name: 'logged_model',
  prefixes: {
    ...attributeAndTagPrefixes,
    metric: 'metric',
    metrics: 'metric',
    param: 'param',
    params: 'param',
  },
  attributes: {
    name: stringField,
    model_id: stringField,
    model_type: stringField,
    status: stringField,
    source_run_id: stringField,
    creation_timestamp: timestampField,
    last_updated_timestamp: timestampField,
  },
  attributeAliases: { creation_time: 'creation_timestamp', last_updated_time: 'last_updated_timestamp' },
  datasetFields: [],
  nullable: ['tag', 'param'],
  orderBy: ['attribute', 'metric'],
};
