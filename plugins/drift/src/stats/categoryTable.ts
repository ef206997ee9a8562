import { InvalidArgumentError } from '@mlops/plugin-api';
import type { CategoryCounts } from './types.js';

/** Reference and current counts aligned on the categories either side has seen. */
export interface CategoryTable {
  /** Categories with a positive count on at least one side, sorted. */
  readonly categories: string[];
  readonly reference: number[];
  readonly current: number[];
  readonly n1: number;
  readonly n2: number;
}

function total(field: string, counts: CategoryCounts): number {
  if (!(counts instanceof Map)) {
    throw new InvalidArgumentError(`${field} must be a Map of category to count`, { field });
  }
  let sum = 0;
  for (const [category, count] of counts) {
    if (!(typeof count === 'number' && count >= 0 && Number.isFinite(count))) {
      throw new InvalidArgumentError(
        `${field} count of "${category}" must be a finite number >= 0, got ${String(count)}`,
        {
          field: `${field}.${category}`,
        },
      );
    }
    sum += count;
  }
  if (sum === 0)
    throw new InvalidArgumentError(`${field} must hold at least one observation`, { field, reason: 'empty' });
  return sum;
}

/**
 * Aligns two category count maps (a category missing on one side counts 0 there; one at 0 on both
 * sides is dropped), after checking each is a non-empty map of finite non-negative counts.
 * @throws InvalidArgumentError naming `reference` or `current`.
 */
export function categoryTable(reference: CategoryCounts, current: CategoryCounts): CategoryTable {
  const n1 = total('reference', reference);
  const n2 = total('current', current);
  const categories = [...new Set([...reference.keys(), ...current.keys()])]
    .filter((c) => (reference.get(c) ?? 0) + (current.get(c) ?? 0) > 0)
    .sort();
  return {
    categories,
    reference: categories.map((c) => reference.get(c) ?? 0),
    current: categories.map((c) => current.get(c) ?? 0),
    n1,
    n2,
  };
}
