import type { LoggedModelMetric, ModelMetricInput } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { findActiveRun } from '../findRun.js';
import { inChunks } from '../inChunks.js';
import { limits } from '../limits.js';
import { isNanFlag, storedValue } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateLength } from '../validateKeyName.js';
import { validateMetric } from '../validateRunBatch.js';
import { findLoggedModel } from './loggedModelRows.js';

/**
 * Records metric points for logged models, as logged in `runId`, in one transaction; a point
 * logged again (MLflow 3's `log_model` re-logs the run's step-0 metrics with the model's id) is
 * kept once.
 * @throws NotFoundError for an unknown model or run; FailedPreconditionError for a deleted run;
 * InvalidArgumentError naming a bad point (`metrics[<i>]...`).
 */
export async function logModelMetrics(
  ctx: TrackingContext,
  runId: string,
  metrics: readonly ModelMetricInput[],
): Promise<void> {
  await checkModelMetrics(ctx, metrics);
  if (metrics.length === 0) return;
  await findActiveRun(ctx.db, runId);
  const rows = metrics.map((m) => {
    const { value, isNan } = storedValue(m.value);
    return {
      model_id: m.modelId,
      key: m.key,
      value,
      is_nan: isNan,
      ts: m.timestamp,
      step: m.step,
      run_id: runId,
      dataset_name: m.datasetName ?? '',
      dataset_digest: m.datasetDigest ?? '',
    };
  });
  await ctx.db.transaction(async (trx) => {
    // Every column is the key: a point logged again is the same row.
    for (const chunk of inChunks(rows, 100)) {
      await trx('tracking_logged_model_metrics').insert(chunk).onConflict(Object.keys(rows[0]!)).ignore();
    }
  });
}

/**
 * Checks metric points for logged models without writing anything: each point by MLflow's metric
 * rules and dataset limits, and that each model exists.
 * @throws InvalidArgumentError naming a bad point (`metrics[<i>]...`); NotFoundError for an unknown model.
 */
export async function checkModelMetrics(
  ctx: TrackingContext,
  metrics: readonly ModelMetricInput[],
): Promise<void> {
  metrics.forEach((m, i) => {
    validateMetric(m, `metrics[${i}]`);
    if (m.datasetName !== undefined)
      validateLength('Dataset name', limits.datasetNameLength, m.datasetName, `metrics[${i}].dataset_name`);
    if (m.datasetDigest !== undefined)
      validateLength(
        'Dataset digest',
        limits.datasetDigestLength,
        m.datasetDigest,
        `metrics[${i}].dataset_digest`,
      );
  });
  for (const modelId of new Set(metrics.map((m) => m.modelId))) await findLoggedModel(ctx.db, modelId);
}

interface MetricRow {
  readonly model_id: string;
  readonly key: string;
  readonly value: number;
  readonly is_nan: boolean | number;
  readonly ts: number | string;
  readonly step: number | string;
  readonly run_id: string;
  readonly dataset_name: string;
  readonly dataset_digest: string;
}

/** The metric points of `modelIds`, by model id, each list ordered by key, step and timestamp. */
export async function modelMetrics(
  db: Knex,
  modelIds: readonly string[],
): Promise<Map<string, LoggedModelMetric[]>> {
  const out = new Map<string, LoggedModelMetric[]>(modelIds.map((id) => [id, []]));
  for (const chunk of inChunks(modelIds, 500)) {
    const rows = (await db('tracking_logged_model_metrics')
      .whereIn('model_id', chunk)
      .orderBy(['model_id', 'key', 'step', 'ts'])) as MetricRow[];
    for (const row of rows) {
      out.get(row.model_id)?.push({
        key: row.key,
        value: isNanFlag(row.is_nan) ? Number.NaN : row.value,
        timestamp: Number(row.ts),
        step: Number(row.step),
        runId: row.run_id,
        ...(row.dataset_name === '' ? {} : { datasetName: row.dataset_name }),
        ...(row.dataset_digest === '' ? {} : { datasetDigest: row.dataset_digest }),
      });
    }
  }
  return out;
}
