import type { CallContext, RunPage, RunQuery } from '@mlops/plugin-api';
import { resolveReadScope } from '@mlops/plugin-api';
import {
  type FilterNode,
  type OrderByClause,
  parseFilter,
  parseOrderBy,
  runFilterProfile,
} from '@mlops/search-filter';
import type { Knex } from 'knex';
import { parseExperimentId } from '../findExperiment.js';
import { loadRuns, wholeRun } from '../loadRuns.js';
import type { RunRow } from '../rows.js';
import { checkMaxResults } from '../search/checkMaxResults.js';
import { compileFilter } from '../search/compileFilter.js';
import { pageByKeyset } from '../search/keysetPage.js';
import { applyExperimentScope } from '../search/readScope.js';
import { requiredOrderMetrics } from '../search/requiredOrderMetrics.js';
import { runCondition } from '../search/runConditions.js';
import { runSortKeys } from '../search/runSortKeys.js';
import { searchScope } from '../search/searchScope.js';
import { viewStages } from '../search/viewStages.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * Searches runs with MLflow's filter syntax plus OR, NOT, parentheses and IN lists, in the given
 * experiments or all of them. Pages by keyset (the token holds the last row's sort values and
 * run id), so runs created between pages neither repeat nor push others out; loads only the
 * parts `include` asks for, one query per part. Only runs of experiments `call`'s principal may
 * read are matched (in the query, so pages stay full and counts true).
 * @throws InvalidArgumentError for a bad filter or order (naming the position), experiment id,
 * view type, page size or page token.
 */
export async function searchRuns(ctx: TrackingContext, query: RunQuery, call: CallContext): Promise<RunPage> {
  const maxResults = checkMaxResults(query.maxResults ?? ctx.options.searchMaxResults);
  const experimentIds = (query.experimentIds ?? []).map(
    (id, i) => parseExperimentId(id, `experimentIds[${i}]`) ?? -1,
  );
  const stages = viewStages(query.viewType);
  const filter = parseFilter(query.filter, runFilterProfile, { field: 'filter' });
  const written = query.orderBy ?? [];
  const clauses = written.map((c, i) => parseOrderBy(c, runFilterProfile, { field: `orderBy[${i}]` }));
  const keyIds = await ctx.metricKeys.find(metricKeysOf(filter, clauses));
  const orderedMetrics = new Set(clauses.filter((c) => c.entity === 'metric').map((c) => c.key));
  const { rest, byKey } = requiredOrderMetrics(filter, orderedMetrics);
  const order = runSortKeys(clauses, written, keyIds, byKey);
  const scope = searchScope('runs', [experimentIds, stages, query.filter ?? '', written]);

  const condition =
    rest === null ? undefined : compileFilter(rest, (c) => runCondition(c, keyIds, ctx.dialect));
  const readable = await resolveReadScope(ctx.auth?.(), call, 'experiment');
  const restrict = (qb: Knex.QueryBuilder) => {
    order.restrict(qb);
    qb.whereIn('r.lifecycle_stage', stages);
    applyExperimentScope(qb, 'r.experiment_id', readable);
    if (experimentIds.length > 0) qb.whereIn('r.experiment_id', experimentIds);
    if (condition !== undefined) qb.where((b) => condition(b));
  };
  const select = ctx.db('tracking_runs as r').select('r.*');
  order.join(select);
  restrict(select);
  const finish = pageByKeyset(ctx.db, select, {
    keys: order.keys,
    scope,
    maxResults,
    pageToken: query.pageToken,
  });

  const counting = query.withCount
    ? (ctx.db('tracking_runs as r').count({ n: '*' }).modify(restrict).first() as Promise<{
        n: number | string;
      }>)
    : undefined;
  const [rows, count] = await Promise.all([
    select as Promise<(RunRow & Record<string, unknown>)[]>,
    counting,
  ]);
  const { page, nextPageToken } = finish(rows);
  const runs = await loadRuns(ctx.db, page, query.include ?? wholeRun);
  return {
    runs,
    ...(nextPageToken === undefined ? {} : { nextPageToken }),
    ...(count === undefined ? {} : { totalCount: Number(count.n) }),
  };
}

/** Metric keys a filter or order names, to resolve to ids in one query. */
function metricKeysOf(filter: FilterNode | null, clauses: readonly OrderByClause[]): string[] {
  const keys = new Set(clauses.filter((c) => c.entity === 'metric').map((c) => c.key));
  const visit = (node: FilterNode): void => {
    if (node.kind === 'compare') {
      if (node.entity === 'metric') keys.add(node.key);
    } else if (node.kind === 'not') visit(node.child);
    else node.children.forEach(visit);
  };
  if (filter !== null) visit(filter);
  return [...keys];
}
