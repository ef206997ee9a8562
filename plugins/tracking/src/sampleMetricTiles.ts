import type { Knex } from 'knex';
import { tileOf } from './metricTiles.js';
import { type PointRow, toInt } from './rows.js';

/** One metric of one run, by surrogate ids. */
export interface MetricSeries {
  readonly runInt: number;
  readonly keyId: number;
}

interface TileRow {
  readonly tile: number | string;
  readonly lo_step: number | string;
  readonly lo_ts: number | string;
  readonly lo_value: number;
  readonly hi_step: number | string;
  readonly hi_ts: number | string;
  readonly hi_value: number;
}

/** A point as the sampler keeps it. */
interface Point {
  readonly step: number;
  readonly ts: number;
  readonly value: number;
  readonly is_nan: false;
}

/** Tiles read per query: memory stays bounded by this and the bucket count, whatever the history. */
const tilesPerRead = 10_000;

/**
 * Downsamples a metric to at most `buckets` x 2 points: the step range is cut into `buckets`
 * equal buckets, and each keeps its lowest and highest point. Buckets are made of whole tiles
 * (a tile goes to the bucket of its first step), so when tiles are wider than buckets fewer
 * points come back. Reads the tiles in step order, in pages, never the points themselves.
 */
export async function sampleMetricTiles(
  db: Knex,
  series: MetricSeries,
  buckets: number,
  shift: number,
): Promise<PointRow[]> {
  const where = { run_int: series.runInt, key_id: series.keyId };
  // Two queries, since SQLite answers a lone min() or max() from the key without a scan.
  type Bound = { step: number | string | null } | undefined;
  const first = (await db('tracking_metrics').where(where).min('step as step').first()) as Bound;
  const last = (await db('tracking_metrics').where(where).max('step as step').first()) as Bound;
  if (first?.step == null || last?.step == null) return [];
  const minStep = toInt(first.step);
  const span = toInt(last.step) - minStep + 1;
  const lows: (Point | undefined)[] = Array(buckets);
  const highs: (Point | undefined)[] = Array(buckets);
  for (let after = tileOf(minStep, shift) - 1; ; ) {
    const rows = (await db('tracking_metric_tiles')
      .where(where)
      .andWhere('tile', '>', after)
      .orderBy('tile')
      .limit(tilesPerRead)
      .select('tile', 'lo_step', 'lo_ts', 'lo_value', 'hi_step', 'hi_ts', 'hi_value')) as TileRow[];
    for (const row of rows) {
      const start = Math.max(toInt(row.tile) * 2 ** shift, minStep);
      const b = Math.min(buckets - 1, Math.floor(((start - minStep) * buckets) / span));
      if (lows[b] === undefined || row.lo_value < lows[b].value) {
        lows[b] = { step: toInt(row.lo_step), ts: toInt(row.lo_ts), value: row.lo_value, is_nan: false };
      }
      if (highs[b] === undefined || row.hi_value > highs[b].value) {
        highs[b] = { step: toInt(row.hi_step), ts: toInt(row.hi_ts), value: row.hi_value, is_nan: false };
      }
    }
    if (rows.length < tilesPerRead) break;
    after = toInt(rows.at(-1)!.tile);
  }
  const points: PointRow[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = lows[b];
    const hi = highs[b];
    if (lo === undefined || hi === undefined) continue;
    const loFirst = lo.step < hi.step || (lo.step === hi.step && lo.ts <= hi.ts);
    if (lo.step === hi.step && lo.ts === hi.ts && lo.value === hi.value) points.push(lo);
    else points.push(...(loFirst ? [lo, hi] : [hi, lo]));
  }
  return points;
}
