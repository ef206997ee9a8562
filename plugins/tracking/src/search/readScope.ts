import { applyReadScope, type ReadScope } from '@mlops/plugin-api';
import type { Knex } from 'knex';

/**
 * Restricts a query to the experiments of `scope` on `column` (an integer experiment id), in
 * SQL, so pages stay full and counts true. Ids that are not integers name no experiment.
 */
export function applyExperimentScope(qb: Knex.QueryBuilder, column: string, scope: ReadScope): void {
  applyReadScope(qb, column, scope, (id) => (/^\d{1,15}$/.test(id) ? Number(id) : undefined));
}
