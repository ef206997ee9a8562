import type { CallContext, Experiment, ExperimentQuery, Page } from '@mlops/plugin-api';
import { resolveReadScope } from '@mlops/plugin-api';
import { experimentFilterProfile, parseFilter, parseOrderBy } from '@mlops/search-filter';
import { experimentTags } from '../findExperiment.js';
import { type ExperimentRow, toExperiment } from '../rows.js';
import { checkMaxResults } from '../search/checkMaxResults.js';
import { compileFilter } from '../search/compileFilter.js';
import { experimentAttributeColumns, experimentCondition } from '../search/experimentConditions.js';
import { pageByKeyset } from '../search/keysetPage.js';
import { applyExperimentScope } from '../search/readScope.js';
import type { SortKey } from '../search/SortKey.js';
import { searchScope } from '../search/searchScope.js';
import { viewStages } from '../search/viewStages.js';
import type { TrackingContext } from '../TrackingContext.js';

/** MLflow's default order of experiments. */
const defaultOrder = ['creation_time DESC', 'experiment_id ASC'];

/**
 * Searches experiments by name, creation and update times and tags (MLflow's syntax plus OR,
 * NOT, parentheses, IN and IS NULL on tags), ordered by name, creation_time, last_update_time or
 * experiment_id (ties broken by id), paged by keyset. Only experiments `call`'s principal may read
 * are matched (in the query, so pages stay full).
 * @throws InvalidArgumentError for a bad filter, order, view type, page size or page token.
 */
export async function searchExperiments(
  ctx: TrackingContext,
  query: ExperimentQuery,
  call: CallContext,
): Promise<Page<Experiment>> {
  const maxResults = checkMaxResults(query.maxResults ?? ctx.options.searchMaxResults);
  const stages = viewStages(query.viewType);
  const filter = parseFilter(query.filter, experimentFilterProfile, { field: 'filter' });
  const written = query.orderBy !== undefined && query.orderBy.length > 0 ? query.orderBy : defaultOrder;
  const keys: SortKey[] = written.map((clause, i) => {
    const c = parseOrderBy(clause, experimentFilterProfile, { field: `orderBy[${i}]` });
    return {
      value: experimentAttributeColumns[c.key]!,
      direction: c.direction,
      type: c.key === 'name' ? 'string' : 'number',
    };
  });
  if (!keys.some((k) => k.value === 'e.experiment_id'))
    keys.push({ value: 'e.experiment_id', direction: 'asc', type: 'number' });
  const scope = searchScope('experiments', [stages, query.filter ?? '', written]);
  const select = ctx.db('tracking_experiments as e').select('e.*').whereIn('e.lifecycle_stage', stages);
  applyExperimentScope(select, 'e.experiment_id', await resolveReadScope(ctx.auth?.(), call, 'experiment'));
  if (filter !== null) {
    const condition = compileFilter(filter, (c) => experimentCondition(c, ctx.dialect));
    select.where((b) => condition(b));
  }
  const finish = pageByKeyset(ctx.db, select, { keys, scope, maxResults, pageToken: query.pageToken });
  const { page, nextPageToken } = finish((await select) as (ExperimentRow & Record<string, unknown>)[]);
  const tags = await experimentTags(
    ctx.db,
    page.map((r) => r.experiment_id),
  );
  return {
    items: page.map((r) => toExperiment(r, tags.get(String(r.experiment_id))!)),
    ...(nextPageToken === undefined ? {} : { nextPageToken }),
  };
}
