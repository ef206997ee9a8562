import { InvalidArgumentError } from '@mlops/plugin-api';
import { type FilterProfile, parseOrderBy } from '@mlops/search-filter';
import type { SortColumn } from './keysetCondition.js';

/** A sort column and how to read its value from a result row (for the next page's keyset). */
export interface RowSortColumn<Row> extends SortColumn {
  readonly read: (row: Row) => string | number;
}

/** One orderable attribute: its column and its value in a row. */
export interface OrderableAttribute<Row> {
  readonly column: string;
  readonly read: (row: Row) => string | number;
}

/**
 * The sort columns of a search: the `orderBy` clauses (MLflow's syntax, checked against
 * `profile`), then the `tiebreak` attributes not already named, which make the order total (a
 * keyset needs a unique last row).
 * @throws InvalidArgumentError naming `orderBy` or `orderBy[<i>]`, also for a field named twice.
 */
export function parseSortColumns<Row>(
  orderBy: readonly string[] | undefined,
  profile: FilterProfile,
  attributes: Readonly<Record<string, OrderableAttribute<Row>>>,
  tiebreak: readonly { readonly key: string; readonly direction: 'asc' | 'desc' }[],
): RowSortColumn<Row>[] {
  if (orderBy !== undefined && !Array.isArray(orderBy)) {
    throw new InvalidArgumentError('orderBy must be a list of clauses such as "name ASC"', {
      field: 'orderBy',
    });
  }
  const seen = new Set<string>();
  const columns: RowSortColumn<Row>[] = [];
  const add = (key: string, direction: 'asc' | 'desc', field: string) => {
    const attribute = attributes[key];
    if (attribute === undefined) {
      throw new InvalidArgumentError(`${field}: cannot order by "${key}"`, { field });
    }
    if (seen.has(key)) {
      throw new InvalidArgumentError(`${field}: orderBy names "${key}" twice`, {
        field,
        reason: 'duplicate',
      });
    }
    seen.add(key);
    columns.push({ column: attribute.column, direction, read: attribute.read });
  };
  (orderBy ?? []).forEach((clause, i) => {
    const field = `orderBy[${i}]`;
    const parsed = parseOrderBy(clause, profile, { field });
    add(parsed.key, parsed.direction, field);
  });
  for (const { key, direction } of tiebreak) if (!seen.has(key)) add(key, direction, 'orderBy');
  return columns;
}
