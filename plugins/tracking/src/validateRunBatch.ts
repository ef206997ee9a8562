import { InvalidArgumentError, type Metric, type Param, type RunBatch, type Tag } from '@mlops/plugin-api';
import { limits } from './limits.js';
import { validateKeyName, validateLength } from './validateKeyName.js';
import { validateParam } from './validateParam.js';
import { validateRunTag } from './validateTag.js';

/** A batch after validation: every part present. */
export interface ValidBatch {
  readonly metrics: readonly Metric[];
  readonly params: readonly Param[];
  readonly tags: readonly Tag[];
}

function checkCount(what: string, limit: number, count: number, field: string): void {
  if (count > limit) {
    throw new InvalidArgumentError(
      `A batch logging request can contain at most ${limit} ${what}. Got ${count} ${what}. Please split up ${what} across multiple requests and try again.`,
      { field, reason: 'too_many' },
    );
  }
}

/** Metric keys that passed the key checks: the same few keys come in every batch. */
const validKeys = new Set<string>();
const validKeysLimit = 100_000;

/**
 * MLflow's metric rule: a valid key of at most 250 characters, a numeric value (NaN and
 * ±Infinity allowed), a non-negative integer timestamp and an integer step.
 * @throws InvalidArgumentError with MLflow's message, naming `<field>.<part>`.
 */
export function validateMetric(metric: Metric, field: string): void {
  const known = validKeys.has(metric?.key);
  if (!known) validateKeyName('metric', metric?.key, `${field}.key`);
  const { key, value, timestamp, step } = metric;
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(
      `Got invalid value ${String(value)} for metric '${key}' (timestamp=${timestamp}). Please specify value as a valid double (64-bit floating point)`,
      { field: `${field}.value`, reason: 'not_number' },
    );
  }
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new InvalidArgumentError(
      `Got invalid timestamp ${String(timestamp)} for metric '${key}' (value=${value}). Timestamp must be a nonnegative long (64-bit integer)`,
      { field: `${field}.timestamp`, reason: 'bad_timestamp' },
    );
  }
  if (typeof step !== 'number' || !Number.isSafeInteger(step)) {
    throw new InvalidArgumentError(
      `Got invalid step ${String(step)} for metric '${key}' (value=${value}). Step must be a valid long (64-bit integer).`,
      { field: `${field}.step`, reason: 'bad_step' },
    );
  }
  if (known) return;
  validateLength('Metric name', limits.keyLength, key, `${field}.key`);
  if (validKeys.size >= validKeysLimit) validKeys.clear();
  validKeys.add(key);
}

/**
 * Checks a `logBatch` input against MLflow's limits (1000 metrics, 100 params, 100 tags, 1000 in
 * all) and rules, and that no param key appears twice.
 * @throws InvalidArgumentError with MLflow's message, naming the field.
 */
export function validateRunBatch(batch: RunBatch): ValidBatch {
  if (typeof batch !== 'object' || batch === null) {
    throw new InvalidArgumentError('batch must be an object with metrics, params and tags', {
      field: 'batch',
    });
  }
  const metrics = batch.metrics ?? [];
  const params = batch.params ?? [];
  const tags = batch.tags ?? [];
  for (const [part, list] of Object.entries({ metrics, params, tags })) {
    if (!Array.isArray(list)) throw new InvalidArgumentError(`${part} must be an array`, { field: part });
  }
  checkCount('metrics', limits.metricsPerBatch, metrics.length, 'metrics');
  checkCount('params', limits.paramsTagsPerBatch, params.length, 'params');
  checkCount('tags', limits.paramsTagsPerBatch, tags.length, 'tags');
  checkCount(
    'metrics, params, and tags',
    limits.entitiesPerBatch,
    metrics.length + params.length + tags.length,
    'batch',
  );
  metrics.forEach((m, i) => {
    validateMetric(m, `metrics[${i}]`);
  });
  const seen = new Set<string>();
  const duplicates: string[] = [];
  params.forEach((p, i) => {
    validateParam(p, `params[${i}]`);
    if (seen.has(p.key)) duplicates.push(p.key);
    seen.add(p.key);
  });
  tags.forEach((t, i) => {
    validateRunTag(t, `tags[${i}]`);
  });
  if (duplicates.length > 0) {
    throw new InvalidArgumentError(
      `Duplicate parameter keys have been submitted: [${duplicates.map((k) => `'${k}'`).join(', ')}]. Please ensure the request contains only one param value per param key.`,
      { field: 'params', reason: 'duplicate' },
    );
  }
  return { metrics, params, tags };
}
