import type { FilterNode, ScalarComparison } from '@mlops/search-filter';

/** Comparisons that hold only for a present, non-NaN latest value. */
const presenceOps = new Set(['=', '>', '>=', '<', '<=']);

/** A filter split around the metrics a search orders by. */
export interface RequiredOrderMetrics {
  /** The filter without the comparisons moved into `byKey`. */
  readonly rest: FilterNode | null;
  /** Per ordered metric key, the top-level comparisons on it: each run must have that metric. */
  readonly byKey: ReadonlyMap<string, readonly ScalarComparison[]>;
}

/**
 * Finds the top-level AND comparisons on metrics the search orders by. Such a metric is present
 * and not NaN on every matching run, so the order can inner-join its latest value and compare it
 * there, which lets the database walk the (key, value) index in order and stop after a page
 * instead of sorting every run of the experiments.
 */
export function requiredOrderMetrics(
  filter: FilterNode | null,
  orderedKeys: ReadonlySet<string>,
): RequiredOrderMetrics {
  if (filter === null || orderedKeys.size === 0) return { rest: filter, byKey: new Map() };
  const conjuncts = filter.kind === 'and' ? filter.children : [filter];
  const byKey = new Map<string, ScalarComparison[]>();
  const rest: FilterNode[] = [];
  for (const node of conjuncts) {
    if (
      node.kind === 'compare' &&
      node.entity === 'metric' &&
      orderedKeys.has(node.key) &&
      presenceOps.has(node.op)
    ) {
      const list = byKey.get(node.key) ?? [];
      list.push(node as ScalarComparison);
      byKey.set(node.key, list);
    } else rest.push(node);
  }
  const remaining: FilterNode | null =
    rest.length === 0 ? null : rest.length === 1 ? rest[0]! : { kind: 'and', children: rest };
  return { rest: remaining, byKey };
}
