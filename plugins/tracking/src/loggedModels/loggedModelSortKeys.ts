import { InvalidArgumentError, type LoggedModelQuery } from '@mlops/plugin-api';
import { loggedModelFilterProfile, parseOrderBy } from '@mlops/search-filter';
import type { Knex } from 'knex';
import { metricSortKey, type SortKey } from '../search/SortKey.js';

/** Logged model attributes of the filter language, as columns of `tracking_logged_models` (`m`). */
export const loggedModelColumns: Readonly<Record<string, string>> = {
  name: 'm.name',
  model_id: 'm.model_id',
  model_type: 'm.model_type',
  status: 'm.status',
  source_run_id: 'm.source_run_id',
  creation_timestamp: 'm.creation_time',
  last_updated_timestamp: 'm.last_updated_time',
};
const nullableColumns = new Set(['m.model_type', 'm.source_run_id']);
const numericColumns = new Set(['m.creation_time', 'm.last_updated_time']);

/** The sort keys of a logged models search and the joins (one per ordered metric) they need. */
export interface LoggedModelOrder {
  readonly keys: readonly SortKey[];
  readonly join: (qb: Knex.QueryBuilder) => void;
}

/**
 * MLflow's logged model order: the clauses given (attributes, or `metrics.<key>`: the model's
 * latest point of the metric, by timestamp then step, optionally on one dataset), then
 * `creation_timestamp DESC` unless given, then the model id as the tie-breaker. Metrics sort
 * present values first, then NaN, then models without the metric, in either direction; so do the
 * nullable attributes (`model_type`, `source_run_id`).
 * @throws InvalidArgumentError naming `orderBy[<i>]` for a field it cannot order by, or a field
 * given twice.
 */
export function loggedModelSortKeys(
  db: Knex,
  clauses: NonNullable<LoggedModelQuery['orderBy']>,
): LoggedModelOrder {
  const keys: SortKey[] = [];
  const joins: ((qb: Knex.QueryBuilder) => void)[] = [];
  const seen = new Set<string>();
  clauses.forEach((o, i) => {
    const c = parseOrderBy(`${o.field} ${o.ascending ? 'ASC' : 'DESC'}`, loggedModelFilterProfile, {
      field: `orderBy[${i}]`,
    });
    const id = `${c.entity}:${c.key}:${o.datasetName ?? ''}:${o.datasetDigest ?? ''}`;
    if (seen.has(id)) {
      throw new InvalidArgumentError(`order_by names ${o.field} twice`, {
        field: `orderBy[${i}]`,
        reason: 'duplicate',
      });
    }
    seen.add(id);
    if (c.entity === 'metric') {
      const alias = `o${i}`;
      const dataset = o.datasetName === undefined ? '' : ' AND dataset_name = ? AND dataset_digest = ?';
      const bindings = [
        c.key,
        ...(o.datasetName === undefined ? [] : [o.datasetName, o.datasetDigest ?? '']),
      ];
      joins.push((qb) =>
        qb.leftJoin(
          db.raw(
            `(SELECT model_id, value, is_nan FROM (SELECT model_id, value, is_nan, ROW_NUMBER() OVER (PARTITION BY model_id ORDER BY ts DESC, step DESC, run_id, dataset_name, dataset_digest, value) AS rn FROM tracking_logged_model_metrics WHERE key = ?${dataset}) latest WHERE rn = 1) as ${alias}`,
            bindings,
          ),
          `${alias}.model_id`,
          'm.model_id',
        ),
      );
      keys.push(metricSortKey(alias, 'model_id', c.direction));
      return;
    }
    const column = loggedModelColumns[c.key]!;
    keys.push({
      value: column,
      ...(nullableColumns.has(column)
        ? { rank: { sql: `CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, bindings: [] } }
        : {}),
      direction: c.direction,
      type: numericColumns.has(column) ? 'number' : 'string',
    });
  });
  if (!seen.has('attribute:creation_timestamp::'))
    keys.push({ value: 'm.creation_time', direction: 'desc', type: 'number' });
  if (!seen.has('attribute:model_id::')) keys.push({ value: 'm.model_id', direction: 'asc', type: 'string' });
  return {
    keys,
    join: (qb) => {
      for (const j of joins) j(qb);
    },
  };
}
