import type { Param, Tag } from '@mlops/plugin-api';
import type { BatchPoints } from '../batchPoints.js';
import { requireActiveRun, runNotFound } from '../findRun.js';
import { runNameTag } from '../limits.js';
import type { RunRow } from '../rows.js';
import type { PrepareCached } from '../sqliteTransaction.js';
import { storePointsOnSqlite } from '../storePointsOnSqlite.js';
import { checkParamValues } from './checkParamValues.js';

const selectRun = 'SELECT * FROM tracking_runs WHERE run_id = ?';
const insertParam =
  'INSERT INTO tracking_params (run_int, key, value) VALUES (?, ?, ?) ON CONFLICT (run_int, key) DO NOTHING';
const selectParam = 'SELECT value FROM tracking_params WHERE run_int = ? AND key = ?';
const upsertTag =
  'INSERT INTO tracking_tags (run_int, key, value) VALUES (?, ?, ?) ON CONFLICT (run_int, key) DO UPDATE SET value = excluded.value';
const renameRun = 'UPDATE tracking_runs SET name = ? WHERE run_int = ?';

/** A validated batch with its points laid out by column (structured-clonable, for a worker). */
export interface SqliteBatch {
  readonly points: BatchPoints | undefined;
  readonly params: readonly Param[];
  readonly tags: readonly Tag[];
}

/**
 * The body of {@link logBatch} on SQLite, inside a {@link sqliteTransaction}: the same steps as
 * on PostgreSQL, on statements prepared once (one row each: cheaper on SQLite than building a
 * multi-row text per call), run synchronously. Returns the run's experiment id.
 * @throws NotFoundError, FailedPreconditionError or InvalidArgumentError as {@link logBatch} says.
 */
export function logBatchOnSqlite(prepare: PrepareCached, runId: string, batch: SqliteBatch): string {
  const run = prepare(selectRun).get(runId) as RunRow | undefined;
  if (run === undefined) throw runNotFound(runId);
  requireActiveRun(run);
  const runInt = Number(run.run_int);
  if (batch.params.length > 0) storeParams(prepare, runInt, runId, batch.params);
  if (batch.points !== undefined) storePointsOnSqlite(prepare, runInt, batch.points);
  if (batch.tags.length > 0) storeTags(prepare, runInt, batch.tags);
  return String(run.experiment_id);
}

function storeParams(prepare: PrepareCached, runInt: number, runId: string, params: readonly Param[]): void {
  const insert = prepare(insertParam);
  for (const p of params) insert.run(runInt, p.key, p.value);
  const select = prepare(selectParam);
  const values = new Map<string, string>();
  for (const p of params) {
    values.set(p.key, (select.get(runInt, p.key) as { value: string }).value);
  }
  checkParamValues(params, values, runId);
}

function storeTags(prepare: PrepareCached, runInt: number, tags: readonly Tag[]): void {
  const last = new Map(tags.map((t) => [t.key, t.value]));
  const upsert = prepare(upsertTag);
  for (const [key, value] of last) upsert.run(runInt, key, value);
  const name = last.get(runNameTag);
  if (name !== undefined) prepare(renameRun).run(name, runInt);
}
