import {
  type CallContext,
  InvalidArgumentError,
  type Param,
  type RunBatch,
  RunBatchLogged,
  type Tag,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { findRun, requireActiveRun, validateRunId } from '../findRun.js';
import { runNameTag } from '../limits.js';
import { toInt } from '../rows.js';
import { storeMetricPoints } from '../storeMetricPoints.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateRunBatch } from '../validateRunBatch.js';

/**
 * Logs metrics, params and tags to an active run in ONE transaction: a crash leaves all of the
 * batch or none of it. A retried batch stores nothing twice (points are keyed on all their
 * columns); a param logged again with the same value is accepted, with another value refused.
 * Setting the `mlflow.runName` tag renames the run. Emits `run.batch.logged` after the commit.
 * @throws InvalidArgumentError for a batch past MLflow's limits or rules, or a param whose value
 * differs from the one logged (nothing of the batch is stored); NotFoundError;
 * FailedPreconditionError when the run is deleted.
 */
export async function logBatch(
  ctx: TrackingContext,
  runId: string,
  batch: RunBatch,
  call: CallContext,
): Promise<void> {
  const { metrics, params, tags } = validateRunBatch(batch);
  validateRunId(runId);
  const keyIds =
    metrics.length > 0 ? await ctx.metricKeys.intern(new Set(metrics.map((m) => m.key))) : new Map();
  const experimentId = await ctx.db.transaction(async (trx) => {
    const run = await findRun(trx, runId);
    requireActiveRun(run);
    const runInt = toInt(run.run_int);
    if (params.length > 0) await storeParams(trx, runInt, runId, params);
    if (metrics.length > 0) await storeMetricPoints(trx, runInt, metrics, keyIds);
    if (tags.length > 0) await storeTags(trx, runInt, tags);
    return String(run.experiment_id);
  });
  ctx.hooks.emit(RunBatchLogged, { runId, experimentId, batch: { metrics, params, tags }, call });
}

/**
 * Inserts the params not yet logged, then reads every key of the batch back: a value that differs
 * from the one given (logged before, or by a concurrent batch that committed first) is refused.
 */
async function storeParams(
  trx: Knex.Transaction,
  runInt: number,
  runId: string,
  params: readonly Param[],
): Promise<void> {
  await trx('tracking_params')
    .insert(params.map((p) => ({ run_int: runInt, key: p.key, value: p.value })))
    .onConflict(['run_int', 'key'])
    .ignore();
  const stored = (await trx('tracking_params')
    .where('run_int', runInt)
    .whereIn(
      'key',
      params.map((p) => p.key),
    )
    .select('key', 'value')) as { key: string; value: string }[];
  const values = new Map(stored.map((r) => [r.key, r.value]));
  params.forEach((p, i) => {
    const old = values.get(p.key);
    if (old !== p.value) {
      throw new InvalidArgumentError(
        `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${old}' for run ID='${runId}'. Attempted logging new value '${p.value}'.`,
        { field: `params[${i}].value`, reason: 'param_immutable', key: p.key },
      );
    }
  });
}

/** Upserts tags (the last of a key wins); `mlflow.runName` also renames the run. */
async function storeTags(trx: Knex.Transaction, runInt: number, tags: readonly Tag[]): Promise<void> {
  const last = new Map(tags.map((t) => [t.key, t.value]));
  await trx('tracking_tags')
    .insert([...last].map(([key, value]) => ({ run_int: runInt, key, value })))
    .onConflict(['run_int', 'key'])
    .merge(['value']);
  const name = last.get(runNameTag);
  if (name !== undefined) await trx('tracking_runs').where({ run_int: runInt }).update({ name });
}
