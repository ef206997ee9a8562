import type { Comparison } from '@mlops/search-filter';
import type { SqlDialect } from '../sqlDialect.js';
import { compareColumn } from './compareColumn.js';
import type { Condition } from './compileFilter.js';

/** A key/value table (tags, params) of a searched entity, and how its rows name their owner. */
export interface KeyValueTable {
  /** e.g. `tracking_tags`. */
  readonly table: string;
  /** The owner's id column in `table`, e.g. `run_int`. */
  readonly ownerColumn: string;
  /** The same id in the searched query, e.g. `r.run_int`. */
  readonly owner: string;
}

/**
 * A comparison on a tag or param as a semi-join on its table alone (`owner IN (SELECT ...)`), so
 * conditions never multiply rows; `IS NULL` is the owners without that key, `IS NOT NULL` those
 * with it.
 */
export function keyValueCondition(c: Comparison, kv: KeyValueTable, dialect: SqlDialect): Condition {
  const exists = c.op === 'IS NULL' || c.op === 'IS NOT NULL';
  return (qb) => {
    const sub = (s: typeof qb) => {
      s.select(kv.ownerColumn).from(kv.table).where('key', c.key);
      if (!exists) compareColumn(s, 'value', c, dialect);
    };
    if (c.op === 'IS NULL') qb.whereNotIn(kv.owner, sub);
    else qb.whereIn(kv.owner, sub);
  };
}
