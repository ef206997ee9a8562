import type { Knex } from 'knex';
import type { BatchPoints } from './batchPoints.js';
import { latestColumns, tileColumns, upsertLatest, upsertTiles } from './metricPointSql.js';
import { batchTiles, tileShiftFor } from './metricTiles.js';
import { changedRows, placeholders, rowsOf } from './rawResult.js';

/**
 * PostgreSQL parses and plans a statement of thousands of parameters slowly; five arrays
 * unnested into rows carry the same points in five parameters.
 */
function insertPointsFromArrays(runInt: number, skipStored: boolean): string {
  return `INSERT INTO tracking_metrics (run_int, key_id, step, ts, value, is_nan)
    SELECT ${runInt}, * FROM unnest(?::integer[], ?::bigint[], ?::bigint[], ?::double precision[], ?::boolean[])
    ${skipStored ? 'ON CONFLICT DO NOTHING' : ''}`;
}

/**
 * Writes a batch's points on PostgreSQL inside the caller's transaction: the points from five
 * arrays, then one multi-row upsert of the keys' latest values and point counts, and one of the
 * tiles. With `skipStored`, points stored before are skipped by the primary key (so a retried
 * batch adds nothing); without, the insert fails on them with a unique violation of
 * `tracking_metrics_pkey`, which the caller answers by running the transaction again with it.
 */
export async function storePointsOnPostgres(
  trx: Knex.Transaction,
  runInt: number,
  points: BatchPoints,
  skipStored: boolean,
): Promise<void> {
  const { keyIds, steps, timestamps, values, nans, stats } = points;
  const inserted = changedRows(
    // node-postgres sends a typed array as bytea: plain arrays become PostgreSQL arrays.
    await trx.raw(insertPointsFromArrays(runInt, skipStored), [
      Array.from(keyIds),
      Array.from(steps),
      Array.from(timestamps),
      Array.from(values),
      Array.from(nans, Boolean),
    ]),
  );
  // Every point was stored before: latest values and tiles already account for them.
  if (inserted === 0) return;
  // Fewer rows than points: some were stored before (or the batch repeats one), so count anew.
  const exact = inserted === keyIds.length;
  const latestBinds: (number | boolean)[] = [];
  for (const [keyId, s] of stats) {
    const shift = tileShiftFor(s.minStep, s.maxStep, s.count);
    latestBinds.push(runInt, keyId, s.step, s.ts, s.value, s.isNan, exact ? s.count : 0, shift);
  }
  const shifts = rowsOf<{ key_id: number; tile_shift: number }>(
    await trx.raw(
      `INSERT INTO tracking_latest_metrics ${latestColumns} VALUES ${placeholders(stats.size, 8)} ${upsertLatest}`,
      latestBinds,
    ),
  );
  if (!exact) await recountPoints(trx, runInt, [...stats.keys()]);
  const tiles = batchTiles(points, new Map(shifts.map((r) => [Number(r.key_id), Number(r.tile_shift)])));
  if (tiles.length === 0) return;
  const binds: number[] = [];
  for (const t of tiles) {
    binds.push(runInt, t.keyId, t.tile, t.loStep, t.loTs, t.loValue, t.hiStep, t.hiTs, t.hiValue);
  }
  await trx.raw(
    `INSERT INTO tracking_metric_tiles ${tileColumns} VALUES ${placeholders(tiles.length, 9)} ${upsertTiles}`,
    binds,
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
