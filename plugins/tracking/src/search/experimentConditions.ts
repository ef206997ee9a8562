import type { Comparison } from '@mlops/search-filter';
import type { SqlDialect } from '../sqlDialect.js';
import { compareColumn } from './compareColumn.js';
import type { Condition } from './compileFilter.js';
import { keyValueCondition } from './keyValueCondition.js';

/** Experiment attributes of the filter language, as columns of `tracking_experiments` (aliased `e`). */
export const experimentAttributeColumns: Readonly<Record<string, string>> = {
  name: 'e.name',
  creation_time: 'e.creation_time',
  last_update_time: 'e.last_update_time',
  experiment_id: 'e.experiment_id',
};

/** The condition of one comparison of an experiments filter; a tag comparison is a semi-join. */
export function experimentCondition(c: Comparison, dialect: SqlDialect): Condition {
  if (c.entity === 'attribute') {
    return (qb) => compareColumn(qb, experimentAttributeColumns[c.key]!, c, dialect);
  }
  return keyValueCondition(
    c,
    { table: 'tracking_experiment_tags', ownerColumn: 'experiment_id', owner: 'e.experiment_id' },
    dialect,
  );
}
