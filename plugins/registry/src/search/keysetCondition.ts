import type { Knex } from 'knex';
import type { Keyset } from './pageToken.js';

/** A column a search sorts by, and which way. */
export interface SortColumn {
  /** Qualified column, e.g. `registry_models.name`. */
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

/**
 * Restricts `query` to the rows after `keyset` in the order of `columns` (which end in a unique
 * key): `c1 > v1 OR (c1 = v1 AND c2 > v2) OR ...`, with `<` for descending columns. Every value is
 * a bound parameter.
 */
export function keysetCondition(
  query: Knex.QueryBuilder,
  columns: readonly SortColumn[],
  keyset: Keyset,
): void {
  query.where((outer) => {
    columns.forEach((sort, i) => {
      outer.orWhere((branch) => {
        for (let j = 0; j < i; j++) branch.where(columns[j]!.column, keyset[j]!);
        branch.where(sort.column, sort.direction === 'asc' ? '>' : '<', keyset[i]!);
      });
    });
  });
}
