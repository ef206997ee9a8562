import type { Metric } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { foldIntoTiles, type Tile, tileShiftFor } from './metricTiles.js';
import { changedRows, placeholders, rowsOf } from './rawResult.js';
import { dialectOf } from './sqlDialect.js';

/** What one key contributes to a batch. */
interface KeyStats {
  count: number;
  minStep: number;
  maxStep: number;
  latest: { step: number; ts: number; value: number; isNan: boolean };
}

const insertPoints = 'INSERT INTO tracking_metrics (run_int, key_id, step, ts, value, is_nan) VALUES ';

const upsertLatest = `
  ON CONFLICT (run_int, key_id) DO UPDATE SET
    point_count = tracking_latest_metrics.point_count + excluded.point_count,
    step = CASE WHEN ${newer()} THEN excluded.step ELSE tracking_latest_metrics.step END,
    ts = CASE WHEN ${newer()} THEN excluded.ts ELSE tracking_latest_metrics.ts END,
    value = CASE WHEN ${newer()} THEN excluded.value ELSE tracking_latest_metrics.value END,
    is_nan = CASE WHEN ${newer()} THEN excluded.is_nan ELSE tracking_latest_metrics.is_nan END
  RETURNING key_id, tile_shift`;

const upsertTiles = `
  ON CONFLICT (run_int, key_id, tile) DO UPDATE SET
    lo_step = CASE WHEN ${lower()} THEN excluded.lo_step ELSE tracking_metric_tiles.lo_step END,
    lo_ts = CASE WHEN ${lower()} THEN excluded.lo_ts ELSE tracking_metric_tiles.lo_ts END,
    lo_value = CASE WHEN ${lower()} THEN excluded.lo_value ELSE tracking_metric_tiles.lo_value END,
    hi_step = CASE WHEN ${higher()} THEN excluded.hi_step ELSE tracking_metric_tiles.hi_step END,
    hi_ts = CASE WHEN ${higher()} THEN excluded.hi_ts ELSE tracking_metric_tiles.hi_ts END,
    hi_value = CASE WHEN ${higher()} THEN excluded.hi_value ELSE tracking_metric_tiles.hi_value END`;

/**
 * PostgreSQL parses and plans a statement of thousands of parameters slowly; five arrays
 * unnested into rows carry the same points in five parameters.
 */
function insertPointsFromArrays(runInt: number): string {
  return `INSERT INTO tracking_metrics (run_int, key_id, step, ts, value, is_nan)
    SELECT ${runInt}, * FROM unnest(?::integer[], ?::bigint[], ?::bigint[], ?::double precision[], ?::boolean[])
    ON CONFLICT DO NOTHING`;
}

/** The points of a batch, one array per column. */
interface PointColumns {
  readonly keyIds: number[];
  readonly steps: number[];
  readonly timestamps: number[];
  readonly values: number[];
  readonly nans: boolean[];
}

/**
 * The multi-row insert of SQLite. The run id and NaN flag are ours, not the caller's: written
 * inline, they spare a third of the bound parameters. Every value the caller gave is bound.
 */
function insertPointRows(runInt: number, c: PointColumns): [string, number[]] {
  const row = `(${runInt},?,?,?,?,FALSE)`;
  const nanRow = `(${runInt},?,?,?,?,TRUE)`;
  const rows: string[] = [];
  const binds: number[] = [];
  for (let i = 0; i < c.keyIds.length; i++) {
    rows.push(c.nans[i] ? nanRow : row);
    binds.push(c.keyIds[i]!, c.steps[i]!, c.timestamps[i]!, c.values[i]!);
  }
  return [`${insertPoints}${rows.join(',')} ON CONFLICT DO NOTHING`, binds];
}

/** MLflow's "latest" order: a point is newer when its (step, timestamp, value) is greater. */
function newer(): string {
  return '(excluded.step, excluded.ts, excluded.value) > (tracking_latest_metrics.step, tracking_latest_metrics.ts, tracking_latest_metrics.value)';
}
function lower(): string {
  return 'excluded.lo_value < tracking_metric_tiles.lo_value';
}
function higher(): string {
  return 'excluded.hi_value > tracking_metric_tiles.hi_value';
}

/**
 * Writes a batch's points inside the caller's transaction: the points themselves (a point
 * already stored is skipped by the primary key, so a retried batch adds nothing), then the latest
 * value and point count of each key, then the tiles. Statements are multi-row, one per table.
 * @throws Error if `runInt` is not an integer (it comes from the runs table, never from a caller).
 */
export async function storeMetricPoints(
  trx: Knex.Transaction,
  runInt: number,
  metrics: readonly Metric[],
  keyIds: ReadonlyMap<string, number>,
): Promise<void> {
  if (!Number.isSafeInteger(runInt)) throw new Error(`run_int ${runInt} is not an integer`);
  const columns: PointColumns = { keyIds: [], steps: [], timestamps: [], values: [], nans: [] };
  const stats = new Map<number, KeyStats>();
  for (const m of metrics) {
    const keyId = keyIds.get(m.key)!;
    const isNan = Number.isNaN(m.value);
    const value = isNan ? 0 : m.value;
    columns.keyIds.push(keyId);
    columns.steps.push(m.step);
    columns.timestamps.push(m.timestamp);
    columns.values.push(value);
    columns.nans.push(isNan);
    const s = stats.get(keyId);
    if (s === undefined) {
      stats.set(keyId, {
        count: 1,
        minStep: m.step,
        maxStep: m.step,
        latest: { step: m.step, ts: m.timestamp, value, isNan },
      });
      continue;
    }
    s.count++;
    if (m.step < s.minStep) s.minStep = m.step;
    if (m.step > s.maxStep) s.maxStep = m.step;
    const l = s.latest;
    if (
      m.step > l.step ||
      (m.step === l.step && (m.timestamp > l.ts || (m.timestamp === l.ts && value > l.value)))
    ) {
      s.latest = { step: m.step, ts: m.timestamp, value, isNan };
    }
  }
  const c = columns;
  const inserted = changedRows(
    dialectOf(trx) === 'postgres'
      ? await trx.raw(insertPointsFromArrays(runInt), [c.keyIds, c.steps, c.timestamps, c.values, c.nans])
      : await trx.raw(...insertPointRows(runInt, c)),
  );
  // Every point was stored before: latest values and tiles already account for them.
  if (inserted === 0) return;
  // Fewer rows than points: some were stored before (or the batch repeats one), so count anew.
  const exact = inserted === metrics.length;
  const latestBinds: (number | boolean)[] = [];
  for (const [keyId, s] of stats) {
    const l = s.latest;
    const shift = tileShiftFor(s.minStep, s.maxStep, s.count);
    latestBinds.push(runInt, keyId, l.step, l.ts, l.value, l.isNan, exact ? s.count : 0, shift);
  }
  const shifts = rowsOf<{ key_id: number; tile_shift: number }>(
    await trx.raw(
      `INSERT INTO tracking_latest_metrics (run_int, key_id, step, ts, value, is_nan, point_count, tile_shift) VALUES ${placeholders(stats.size, 8)} ${upsertLatest}`,
      latestBinds,
    ),
  );
  if (!exact) await recountPoints(trx, runInt, [...stats.keys()]);
  await storeTiles(
    trx,
    runInt,
    metrics,
    keyIds,
    new Map(shifts.map((r) => [Number(r.key_id), Number(r.tile_shift)])),
  );
}

/** Some points of the batch were stored before: count the keys' points again. */
async function recountPoints(
  trx: Knex.Transaction,
  runInt: number,
  keyIds: readonly number[],
): Promise<void> {
  await trx('tracking_latest_metrics')
    .where('run_int', runInt)
    .whereIn('key_id', keyIds)
    .update({
      point_count: trx('tracking_metrics as m')
        .count('*')
        .where('m.run_int', trx.ref('tracking_latest_metrics.run_int'))
        .andWhere('m.key_id', trx.ref('tracking_latest_metrics.key_id')),
    });
}

async function storeTiles(
  trx: Knex.Transaction,
  runInt: number,
  metrics: readonly Metric[],
  keyIds: ReadonlyMap<string, number>,
  shifts: ReadonlyMap<number, number>,
): Promise<void> {
  const tiles = new Map<string, Tile>();
  for (const m of metrics) {
    if (Number.isNaN(m.value)) continue;
    const keyId = keyIds.get(m.key)!;
    foldIntoTiles(tiles, keyId, shifts.get(keyId)!, m.step, m.timestamp, m.value);
  }
  if (tiles.size === 0) return;
  const binds: number[] = [];
  for (const t of tiles.values()) {
    binds.push(runInt, t.keyId, t.tile, t.loStep, t.loTs, t.loValue, t.hiStep, t.hiTs, t.hiValue);
  }
  await trx.raw(
    `INSERT INTO tracking_metric_tiles (run_int, key_id, tile, lo_step, lo_ts, lo_value, hi_step, hi_ts, hi_value) VALUES ${placeholders(tiles.size, 9)} ${upsertTiles}`,
    binds,
  );
}
