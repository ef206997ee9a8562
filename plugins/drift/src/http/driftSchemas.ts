import type { JsonSchema } from '@mlops/plugin-api';

const testNames = [
  'ks',
  'wasserstein',
  'psi',
  'chi2_contingency',
  'chi2_goodness_of_fit',
  'z_proportions',
  'jensenshannon',
];

const columnSettings: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    test: { type: 'string', enum: testNames },
    threshold: { type: 'number', exclusiveMinimum: 0 },
  },
};

/** JSON Schema of DriftReportOptions. */
export const reportOptions: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    all: columnSettings,
    numeric: columnSettings,
    categorical: columnSettings,
    columns: { type: 'object', additionalProperties: columnSettings },
    driftShare: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    correction: { type: 'string', enum: ['none', 'bonferroni', 'benjamini-hochberg'] },
    include: { type: 'array', items: { type: 'string' } },
    exclude: { type: 'array', items: { type: 'string' } },
    histogramBins: { type: 'integer', minimum: 1, maximum: 1000 },
  },
};

/** `:model` and `:version` path parameters. */
export const versionParams: JsonSchema = {
  type: 'object',
  required: ['model', 'version'],
  properties: {
    model: { type: 'string', minLength: 1, maxLength: 256 },
    version: { type: 'integer', minimum: 1 },
  },
};

/** `:model` and `:reportId`. */
export const reportParams: JsonSchema = {
  type: 'object',
  required: ['model', 'reportId'],
  properties: { model: { type: 'string', minLength: 1 }, reportId: { type: 'string', minLength: 1 } },
};

/** `:model` and `:name` of a detector. */
export const detectorParams: JsonSchema = {
  type: 'object',
  required: ['model', 'name'],
  properties: {
    model: { type: 'string', minLength: 1 },
    name: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,128}$' },
  },
};

/** `?format=` of an upload; the Content-Type decides when absent. */
export const uploadQuery: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['csv', 'jsonl'] } },
};

/** Body of a check. */
export const checkBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { batches: { type: 'integer', minimum: 1 }, options: reportOptions },
};

/** Query of the report history. */
export const historyQuery: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    max_results: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    page_token: { type: 'string' },
  },
};

/** Body that creates a detector. */
export const detectorBody: JsonSchema = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['adwin', 'ddm', 'eddm', 'page-hinkley'] },
    params: { type: 'object' },
  },
};

/** Body that feeds a detector. */
export const detectorValuesBody: JsonSchema = {
  type: 'object',
  required: ['values'],
  additionalProperties: false,
  properties: { values: { type: 'array', items: { type: 'number' }, maxItems: 1_000_000 } },
};
