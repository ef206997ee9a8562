import {
  InvalidArgumentError,
  type Metric,
  type MetricHistory,
  type MetricHistoryQuery,
} from '@mlops/plugin-api';
import { findRun } from '../findRun.js';
import { historyMaxResultsLimit, searchMaxResultsLimit } from '../options.js';
import { decodePageToken, encodePageToken } from '../pageToken.js';
import { isNanFlag, type PointRow, toInt, toMetric } from '../rows.js';
import { sampleMetricTiles } from '../sampleMetricTiles.js';
import type { TrackingContext } from '../TrackingContext.js';

function checkCount(value: number | undefined, field: string, min: number, max: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min || value > max)) {
    throw new InvalidArgumentError(
      `${field} must be an integer from ${min} to ${max}, got ${String(value)}`,
      {
        field,
        reason: 'out_of_range',
      },
    );
  }
}

/**
 * One metric's points, ordered by step then timestamp: whole and paged by keyset, or, when more
 * than `maxPoints` are stored, downsampled on the server to each step bucket's lowest and highest
 * point (`sampled: true`). A deleted run's history stays readable.
 * @throws InvalidArgumentError for a bad run id, key, `maxPoints` (2..50000), `maxResults`
 * (1..25000) or page token; NotFoundError for an unknown run.
 */
export async function getMetricHistory(
  ctx: TrackingContext,
  query: MetricHistoryQuery,
): Promise<MetricHistory> {
  const { key, maxPoints, pageToken } = query;
  if (typeof key !== 'string' || key === '') {
    throw new InvalidArgumentError('key must name a metric', { field: 'key', reason: 'missing' });
  }
  checkCount(maxPoints, 'maxPoints', 2, searchMaxResultsLimit);
  checkCount(query.maxResults, 'maxResults', 1, historyMaxResultsLimit);
  const scope = `history:${key}`;
  const after =
    pageToken === undefined || maxPoints !== undefined ? undefined : decodePageToken(pageToken, scope, 4);
  const run = await findRun(ctx.db, query.runId);
  const keyId = (await ctx.metricKeys.find([key])).get(key);
  const summary =
    keyId === undefined
      ? undefined
      : ((await ctx
          .db('tracking_latest_metrics')
          .where({ run_int: run.run_int, key_id: keyId })
          .first('point_count', 'tile_shift')) as
          | { point_count: number | string; tile_shift: number }
          | undefined);
  if (keyId === undefined || summary === undefined)
    return { key, points: [], sampled: false, totalPoints: 0 };
  const totalPoints = toInt(summary.point_count);
  const series = { runInt: toInt(run.run_int), keyId };
  if (maxPoints !== undefined && totalPoints > maxPoints) {
    const points = await sampleMetricTiles(
      ctx.db,
      series,
      Math.floor(maxPoints / 2),
      Number(summary.tile_shift),
    );
    return { key, points: points.map((p) => toMetric(key, p)), sampled: true, totalPoints };
  }
  const limit = maxPoints ?? query.maxResults ?? ctx.options.historyMaxResults;
  const select = ctx
    .db('tracking_metrics')
    .where({ run_int: series.runInt, key_id: keyId })
    .orderBy(['step', 'ts', 'value', 'is_nan'])
    .limit(limit + 1)
    .select('step', 'ts', 'value', 'is_nan');
  if (after !== undefined) {
    select.andWhereRaw('(step, ts, value, is_nan) > (?, ?, ?, ?)', [
      after[0] as number,
      after[1] as number,
      after[2] as number,
      after[3] === 1,
    ]);
  }
  const rows = (await select) as PointRow[];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const points: Metric[] = page.map((r) => toMetric(key, r));
  return {
    key,
    points,
    sampled: false,
    totalPoints,
    ...(rows.length > limit && last !== undefined
      ? {
          nextPageToken: encodePageToken(scope, [
            toInt(last.step),
            toInt(last.ts),
            last.value,
            isNanFlag(last.is_nan) ? 1 : 0,
          ]),
        }
      : {}),
  };
}
