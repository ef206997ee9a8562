import {
  type CallContext,
  InvalidArgumentError,
  type LoggedModel,
  type LoggedModelQuery,
  type Page,
  resolveReadScope,
} from '@mlops/plugin-api';
import {
  type Comparison,
  type FilterNode,
  loggedModelFilterProfile,
  parseFilter,
} from '@mlops/search-filter';
import type { Knex } from 'knex';
import { parseExperimentId } from '../findExperiment.js';
import { compareColumn } from '../search/compareColumn.js';
import { type Condition, compileFilter } from '../search/compileFilter.js';
import { pageByKeyset } from '../search/keysetPage.js';
import { keyValueCondition } from '../search/keyValueCondition.js';
import { applyExperimentScope } from '../search/readScope.js';
import { searchScope } from '../search/searchScope.js';
import type { SqlDialect } from '../sqlDialect.js';
import type { TrackingContext } from '../TrackingContext.js';
import { type LoggedModelRow, toLoggedModels } from './loggedModelRows.js';
import { loggedModelColumns, loggedModelSortKeys } from './loggedModelSortKeys.js';

const wireStatuses: Readonly<Record<string, string>> = {
  LOGGED_MODEL_PENDING: 'PENDING',
  LOGGED_MODEL_READY: 'READY',
  LOGGED_MODEL_UPLOAD_FAILED: 'UPLOAD_FAILED',
};

/** A status compared as MLflow's clients write it (`LOGGED_MODEL_READY`) or as stored (`READY`). */
function storedStatus(c: Comparison): Comparison {
  if (c.key !== 'status') return c;
  const map = (v: string | number) => wireStatuses[String(v)] ?? v;
  if (c.op === 'IN' || c.op === 'NOT IN') return { ...c, value: c.value.map(map) };
  if (c.op === 'IS NULL' || c.op === 'IS NOT NULL') return c;
  return { ...c, value: map(c.value as string | number) } as Comparison;
}

type Datasets = LoggedModelQuery['datasets'];

/** Restricts metric points to those measured on one of `datasets` (all of them when none is given). */
function onDatasets(qb: Knex.QueryBuilder, datasets: Datasets): void {
  if (datasets === undefined || datasets.length === 0) return;
  qb.where((any) => {
    for (const d of datasets) {
      any.orWhere((one) => {
        one.where('dataset_name', d.name);
        if (d.digest !== undefined) one.where('dataset_digest', d.digest);
      });
    }
  });
}

/** True when the filter compares a metric anywhere. */
function comparesMetric(node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some(comparesMetric);
    case 'not':
      return comparesMetric(node.child);
    default:
      return node.entity === 'metric';
  }
}

function condition(c: Comparison, dialect: SqlDialect, datasets: Datasets): Condition {
  if (c.entity === 'attribute')
    return (qb) => compareColumn(qb, loggedModelColumns[c.key]!, storedStatus(c), dialect);
  if (c.entity === 'metric') {
    // Any point of the model matches (on the datasets given), as MLflow's search; NaN points
    // compare with nothing.
    return (qb) =>
      qb.whereIn('m.model_id', (s) => {
        s.select('model_id').from('tracking_logged_model_metrics').where('key', c.key).where('is_nan', false);
        compareColumn(s, 'value', c, dialect);
        onDatasets(s, datasets);
      });
  }
  const table = c.entity === 'tag' ? 'tracking_logged_model_tags' : 'tracking_logged_model_params';
  return keyValueCondition(c, { table, ownerColumn: 'model_id', owner: 'm.model_id' }, dialect);
}

/**
 * Searches the active logged models of `experimentIds` (MLflow 3's `search_logged_models`): a
 * filter over attributes, metrics (any point), params and tags (MLflow's syntax plus OR, NOT,
 * parentheses, IN, IS NULL), an order over attributes and metrics' latest points (see
 * `loggedModelSortKeys`), keyset pages. Only models of experiments
 * `call`'s principal may read are matched.
 * @throws InvalidArgumentError for a bad filter, order, experiment id, page size or token.
 */
export async function searchLoggedModels(
  ctx: TrackingContext,
  query: LoggedModelQuery,
  call: CallContext,
): Promise<Page<LoggedModel>> {
  const maxResults = query.maxResults ?? 50;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
    throw new InvalidArgumentError(
      `Invalid value for max_results: it must be an integer from 1 to 1000, got ${String(maxResults)}`,
      { field: 'maxResults', reason: 'out_of_range' },
    );
  }
  if (query.experimentIds.length === 0) {
    throw new InvalidArgumentError('experiment_ids must name at least one experiment', {
      field: 'experimentIds',
    });
  }
  const experimentIds = query.experimentIds.map(
    (id, i) => parseExperimentId(id, `experimentIds[${i}]`) ?? -1,
  );
  const filter = parseFilter(query.filter, loggedModelFilterProfile, { field: 'filter' });
  const written = query.orderBy ?? [];
  const order = loggedModelSortKeys(ctx.db, written);
  const scope = searchScope('logged-models', [
    experimentIds,
    query.filter ?? '',
    (query.datasets ?? []).map((d) => [d.name, d.digest ?? null]),
    written.map((o) => [o.field, o.ascending, o.datasetName ?? null, o.datasetDigest ?? null]),
  ]);
  const select = ctx
    .db('tracking_logged_models as m')
    .select('m.*')
    .where('m.lifecycle_stage', 'active')
    .whereIn('m.experiment_id', experimentIds);
  order.join(select);
  applyExperimentScope(select, 'm.experiment_id', await resolveReadScope(ctx.auth?.(), call, 'experiment'));
  if (filter !== null) {
    const compiled = compileFilter(filter, (c) => condition(c, ctx.dialect, query.datasets));
    select.where((b) => compiled(b));
  }
  // Datasets without a metric comparison: models with some point measured on one of them.
  if (
    query.datasets !== undefined &&
    query.datasets.length > 0 &&
    (filter === null || !comparesMetric(filter))
  ) {
    select.whereIn('m.model_id', (s) => {
      s.select('model_id').from('tracking_logged_model_metrics');
      onDatasets(s, query.datasets);
    });
  }
  const finish = pageByKeyset(ctx.db, select, {
    keys: order.keys,
    scope,
    maxResults,
    pageToken: query.pageToken,
  });
  const { page, nextPageToken } = finish((await select) as (LoggedModelRow & Record<string, unknown>)[]);
  return {
    items: await toLoggedModels(ctx.db, page),
    ...(nextPageToken === undefined ? {} : { nextPageToken }),
  };
}
