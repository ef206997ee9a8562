import {
  type CallContext,
  isUniqueViolation,
  type Param,
  type RunBatch,
  RunBatchLogged,
  type Tag,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { collectBatchPoints } from '../batchPoints.js';
import { findRun, requireActiveRun, validateRunId } from '../findRun.js';
import { runNameTag } from '../limits.js';
import { toInt } from '../rows.js';
import { sqliteTransaction } from '../sqliteTransaction.js';
import { storePointsOnPostgres } from '../storePointsOnPostgres.js';
import type { TrackingContext } from '../TrackingContext.js';
import { type ValidBatch, validateRunBatch } from '../validateRunBatch.js';
import { checkParamValues } from './checkParamValues.js';
import { logBatchOnSqlite } from './logBatchOnSqlite.js';

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
  const valid = validateRunBatch(batch);
  validateRunId(runId);
  const { metrics } = valid;
  const keyIds =
    metrics.length > 0 ? await ctx.metricKeys.intern(new Set(metrics.map((m) => m.key))) : new Map();
  const experimentId =
    ctx.dialect === 'sqlite'
      ? await logBatchOnSqliteFile(ctx, runId, valid, keyIds)
      : await logBatchOnPostgres(ctx.db, runId, valid, keyIds);
  ctx.hooks.emit(RunBatchLogged, { runId, experimentId, batch: valid, call });
}

/** Batches of this many points or more go to the writer thread, when there is one. */
const writerThreadMinPoints = 100;

/**
 * The batch on SQLite: a large one on the writer thread (the request thread goes on parsing the
 * next), a small one, or any when there is no writer thread, on this thread's connection.
 */
async function logBatchOnSqliteFile(
  ctx: TrackingContext,
  runId: string,
  { metrics, params, tags }: ValidBatch,
  keyIds: ReadonlyMap<string, number>,
): Promise<string> {
  const batch = {
    points: metrics.length > 0 ? collectBatchPoints(metrics, keyIds) : undefined,
    params,
    tags,
  };
  const writer = ctx.writerThread;
  if (writer !== undefined && metrics.length >= writerThreadMinPoints && (await writer.available())) {
    return writer.write(runId, batch);
  }
  return sqliteTransaction(ctx.db, (prepare) => logBatchOnSqlite(prepare, runId, batch));
}

/**
 * The batch on PostgreSQL, in one transaction; returns the run's experiment id. Its points go in
 * with a plain INSERT, a third faster than one that skips conflicts. When some were stored
 * before (a retried batch, or one point given twice), that INSERT fails, the transaction rolls
 * back whole, and it runs again skipping the stored points.
 */
async function logBatchOnPostgres(
  db: Knex,
  runId: string,
  batch: ValidBatch,
  keyIds: ReadonlyMap<string, number>,
): Promise<string> {
  try {
    return await db.transaction((trx) => logBatchOnKnex(trx, runId, batch, keyIds, false));
  } catch (err) {
    if (!isStoredPointConflict(err)) throw err;
    return await db.transaction((trx) => logBatchOnKnex(trx, runId, batch, keyIds, true));
  }
}

/** The batch through knex, in `trx`; returns the run's experiment id. */
async function logBatchOnKnex(
  trx: Knex.Transaction,
  runId: string,
  { metrics, params, tags }: ValidBatch,
  keyIds: ReadonlyMap<string, number>,
  skipStored: boolean,
): Promise<string> {
  const run = await findRun(trx, runId);
  requireActiveRun(run);
  const runInt = toInt(run.run_int);
  if (params.length > 0) await storeParams(trx, runInt, runId, params);
  if (metrics.length > 0) {
    await storePointsOnPostgres(trx, runInt, collectBatchPoints(metrics, keyIds), skipStored);
  }
  if (tags.length > 0) await storeTags(trx, runInt, tags);
  return String(run.experiment_id);
}

/** A point of the batch is already stored: the unique violation of the points' primary key. */
function isStoredPointConflict(err: unknown): boolean {
  return isUniqueViolation(err) && (err as { constraint?: unknown }).constraint === 'tracking_metrics_pkey';
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
  checkParamValues(params, new Map(stored.map((r) => [r.key, r.value])), runId);
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
