import { InvalidArgumentError } from '@mlops/plugin-api';
import type { OrderByClause, ScalarComparison } from '@mlops/search-filter';
import type { Knex } from 'knex';
import { runAttributeColumns } from './runConditions.js';
import { metricSortKey, type SortKey } from './SortKey.js';

/** The sort keys of a runs search and the JOINs (one per ordered metric, param or tag) they need. */
export interface RunOrder {
  readonly keys: readonly SortKey[];
  readonly join: (qb: Knex.QueryBuilder) => void;
  /**
   * The inner joins of ordered metrics the filter requires, with the filter's comparisons on them:
   * part of the search's condition, so a count must apply them too.
   */
  readonly restrict: (qb: Knex.QueryBuilder) => void;
}

/**
 * MLflow's run order: the clauses given, then `start_time DESC` unless given, then `run_id` as
 * the tie-breaker. Metrics sort present values first, then NaN, then runs without the metric;
 * params, tags and `end_time` sort missing values last, in either direction.
 * @throws InvalidArgumentError when a field appears twice.
 */
export function runSortKeys(
  clauses: readonly OrderByClause[],
  written: readonly string[],
  keyIds: ReadonlyMap<string, number>,
  required: ReadonlyMap<string, readonly ScalarComparison[]> = new Map(),
): RunOrder {
  const seen = new Set<string>();
  for (const c of clauses) {
    const id = `${c.entity}:${c.key}`;
    if (seen.has(id)) {
      throw new InvalidArgumentError(
        `\`order_by\` contains duplicate fields: [${written.map((w) => `'${w}'`).join(', ')}]`,
        { field: 'orderBy', reason: 'duplicate' },
      );
    }
    seen.add(id);
  }
  const keys: SortKey[] = [];
  const joins: ((qb: Knex.QueryBuilder) => void)[] = [];
  const restricts: ((qb: Knex.QueryBuilder) => void)[] = [];
  clauses.forEach((c, i) => {
    const alias = `o${i}`;
    if (c.entity === 'attribute') {
      const column = runAttributeColumns[c.key]!;
      const type = c.fieldType === 'string' ? 'string' : 'number';
      const rank =
        c.key === 'end_time'
          ? { sql: `CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`, bindings: [] }
          : undefined;
      keys.push({ value: column, direction: c.direction, type, ...(rank ? { rank } : {}) });
    } else if (c.entity === 'metric' && required.has(c.key)) {
      const keyId = keyIds.get(c.key) ?? -1;
      const comparisons = required.get(c.key)!;
      restricts.push((qb) => {
        qb.join(`tracking_latest_metrics as ${alias}`, (j) =>
          j.on(`${alias}.run_int`, 'r.run_int').andOnVal(`${alias}.key_id`, keyId),
        );
        qb.where(`${alias}.is_nan`, false);
        for (const cmp of comparisons) qb.where(`${alias}.value`, cmp.op, cmp.value as number);
      });
      keys.push({ value: `${alias}.value`, direction: c.direction, type: 'number' });
    } else if (c.entity === 'metric') {
      const keyId = keyIds.get(c.key) ?? -1;
      joins.push((qb) =>
        qb.leftJoin(`tracking_latest_metrics as ${alias}`, (j) =>
          j.on(`${alias}.run_int`, 'r.run_int').andOnVal(`${alias}.key_id`, keyId),
        ),
      );
      keys.push(metricSortKey(alias, 'run_int', c.direction));
    } else {
      const table = c.entity === 'param' ? 'tracking_params' : 'tracking_tags';
      joins.push((qb) =>
        qb.leftJoin(`${table} as ${alias}`, (j) =>
          j.on(`${alias}.run_int`, 'r.run_int').andOnVal(`${alias}.key`, c.key),
        ),
      );
      keys.push({
        value: `${alias}.value`,
        rank: { sql: `CASE WHEN ${alias}.run_int IS NULL THEN 1 ELSE 0 END`, bindings: [] },
        direction: c.direction,
        type: 'string',
      });
    }
  });
  if (!seen.has('attribute:start_time'))
    keys.push({ value: 'r.start_time', direction: 'desc', type: 'number' });
  if (!seen.has('attribute:run_id')) keys.push({ value: 'r.run_id', direction: 'asc', type: 'string' });
  return {
    keys,
    join: (qb) => {
      for (const j of joins) j(qb);
    },
    restrict: (qb) => {
      for (const r of restricts) r(qb);
    },
  };
}
