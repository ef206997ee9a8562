import { FailedPreconditionError, type GroupComparison, InvalidArgumentError } from '@mlops/plugin-api';
import { welchTTest } from '@mlops/stats';
import { toInt } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';
import { findRuns } from './compareRuns.js';

/** Input of {@link compareRunGroups}. */
export interface GroupQuery {
  readonly metric: string;
  readonly a: readonly string[];
  readonly b: readonly string[];
  readonly confidenceLevel?: number;
}

/**
 * Welch's t-test of the latest value of `metric` between two groups of runs (each at least 2
 * runs, none in both), with the confidence interval of the mean difference and Hedges' g.
 * @throws InvalidArgumentError for a bad list, a run in both groups, a confidence level outside
 * (0, 1), or groups whose values have no variance at all; NotFoundError for an unknown run;
 * FailedPreconditionError when a run has no finite latest value of the metric.
 */
export async function compareRunGroups(ctx: TrackingContext, query: GroupQuery): Promise<GroupComparison> {
  const { metric } = query;
  if (typeof metric !== 'string' || metric === '') {
    throw new InvalidArgumentError('metric must name a metric', { field: 'metric', reason: 'missing' });
  }
  const inA = new Set(query.a);
  const shared = (query.b ?? []).find((id) => inA.has(id));
  if (shared !== undefined) {
    throw new InvalidArgumentError(`run ${shared} is in both groups; the groups must be independent`, {
      field: 'b',
      reason: 'overlap',
    });
  }
  const a = await latestValues(ctx, metric, query.a, 'a');
  const b = await latestValues(ctx, metric, query.b, 'b');
  const r = welchTTest(a, b, { confidenceLevel: query.confidenceLevel ?? 0.95 });
  return {
    metric,
    a: { n: r.nA, mean: r.meanA, sd: r.sdA },
    b: { n: r.nB, mean: r.meanB, sd: r.sdB },
    t: r.statistic,
    df: r.df,
    pValue: r.pValue,
    meanDifference: r.meanDifference,
    confidenceInterval: r.confidenceInterval,
    confidenceLevel: r.confidenceLevel,
    effectSize: r.hedgesG,
  };
}

async function latestValues(
  ctx: TrackingContext,
  metric: string,
  runIds: readonly string[],
  field: 'a' | 'b',
) {
  const rows = await findRuns(ctx.db, runIds, field);
  const keyId = (await ctx.metricKeys.find([metric])).get(metric) ?? -1;
  const latest = (await ctx
    .db('tracking_latest_metrics')
    .where('key_id', keyId)
    .whereIn(
      'run_int',
      rows.map((r) => r.run_int),
    )
    .select('run_int', 'value', 'is_nan')) as { run_int: number; value: number; is_nan: boolean | number }[];
  const byRun = new Map(latest.map((l) => [toInt(l.run_int), l]));
  return rows.map((row) => {
    const point = byRun.get(toInt(row.run_int));
    if (point === undefined || point.is_nan === true || point.is_nan === 1 || !Number.isFinite(point.value)) {
      const what =
        point === undefined ? `has no metric "${metric}"` : `has a latest "${metric}" that is not finite`;
      throw new FailedPreconditionError(`run ${row.run_id} in group ${field} ${what}`, {
        field,
        reason: 'no_value',
      });
    }
    return point.value;
  });
}
