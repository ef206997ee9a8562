import type { BatchPoints } from './batchPoints.js';
import { latestColumns, tileColumns, upsertLatest, upsertTiles } from './metricPointSql.js';
import { batchTiles, tileShiftFor } from './metricTiles.js';
import type { PrepareCached } from './sqliteTransaction.js';

const insertPointsSql = new Map<number, string>();

/** The multi-row insert of `rows` points; one text per row count, so its statement is reused. */
function insertPoints(rows: number): string {
  let sql = insertPointsSql.get(rows);
  if (sql === undefined) {
    sql = `INSERT INTO tracking_metrics (run_int, key_id, step, ts, value, is_nan) VALUES ${Array(rows).fill('(?,?,?,?,?,?)').join(',')} ON CONFLICT DO NOTHING`;
    if (insertPointsSql.size < 64) insertPointsSql.set(rows, sql);
  }
  return sql;
}

const upsertLatestRow = `INSERT INTO tracking_latest_metrics ${latestColumns} VALUES (?,?,?,?,?,?,?,?) ${upsertLatest}`;
const upsertTileRow = `INSERT INTO tracking_metric_tiles ${tileColumns} VALUES (?,?,?,?,?,?,?,?,?) ${upsertTiles}`;
const recountRow = `UPDATE tracking_latest_metrics SET point_count =
  (SELECT count(*) FROM tracking_metrics WHERE run_int = ? AND key_id = ?) WHERE run_int = ? AND key_id = ?`;

/**
 * Writes a batch's points on SQLite, synchronously, inside a {@link sqliteTransaction}: the
 * points in one multi-row insert (a point already stored is skipped by the primary key, so a
 * retried batch adds nothing), then the latest value and point count of each key, then the tiles,
 * each summed up per key or tile in JS first. The summaries go in as single-row statements:
 * prepared once, they cost less than a multi-row text built per batch.
 */
export function storePointsOnSqlite(prepare: PrepareCached, runInt: number, points: BatchPoints): void {
  const { keyIds, steps, timestamps, values, nans, stats } = points;
  const binds: number[] = new Array(keyIds.length * 6);
  for (let i = 0, j = 0; i < keyIds.length; i++, j += 6) {
    binds[j] = runInt;
    binds[j + 1] = keyIds[i]!;
    binds[j + 2] = steps[i]!;
    binds[j + 3] = timestamps[i]!;
    binds[j + 4] = values[i]!;
    binds[j + 5] = nans[i]!;
  }
  const inserted = prepare(insertPoints(keyIds.length)).run(...binds).changes;
  // Every point was stored before: latest values and tiles already account for them.
  if (inserted === 0) return;
  // Fewer rows than points: some were stored before (or the batch repeats one), so count anew.
  const exact = inserted === keyIds.length;
  const latest = prepare(upsertLatestRow);
  const shifts = new Map<number, number>();
  for (const [keyId, s] of stats) {
    const shift = tileShiftFor(s.minStep, s.maxStep, s.count);
    const row = latest.get(runInt, keyId, s.step, s.ts, s.value, s.isNan ? 1 : 0, exact ? s.count : 0, shift);
    shifts.set(keyId, (row as { tile_shift: number }).tile_shift);
  }
  if (!exact) {
    const recount = prepare(recountRow);
    for (const keyId of stats.keys()) recount.run(runInt, keyId, runInt, keyId);
  }
  const tile = prepare(upsertTileRow);
  for (const t of batchTiles(points, shifts)) {
    tile.run(runInt, t.keyId, t.tile, t.loStep, t.loTs, t.loValue, t.hiStep, t.hiTs, t.hiValue);
  }
}
