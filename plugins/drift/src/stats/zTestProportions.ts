import { InvalidArgumentError } from '@mlops/plugin-api';
import { normalSf } from '@mlops/stats';
import { categoryTable } from './categoryTable.js';
import type { CategoricalTestResult, CategoryCounts } from './types.js';

/**
 * Evidently's `z` drift test for a binary column: the two-sample z-test for proportions with a
 * pooled variance, z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)), two-sided. p1 and p2 are the
 * shares of the first category (in sorted order) in reference and current; the p-value does not
 * depend on that choice. The upper tail is taken with the normal survival function, where
 * Evidently computes 1 - cdf: the same value, but tails below 1e-16 keep their digits here. When
 * both sides hold one and the same category the p-value is 1, as in Evidently.
 * The effect size is Cohen's h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p2)).
 * @throws InvalidArgumentError (`field` `current`) when the two sides hold more than two categories.
 */
export function zTestProportions(reference: CategoryCounts, current: CategoryCounts): CategoricalTestResult {
  const t = categoryTable(reference, current);
  if (t.categories.length > 2) {
    throw new InvalidArgumentError(
      `z-test for proportions needs a binary column, got ${t.categories.length} categories: ${t.categories.join(', ')}`,
      { field: 'current', reason: 'not_binary' },
    );
  }
  const base = { test: 'z_proportions' as const, n1: t.n1, n2: t.n2 };
  if (t.categories.length === 1) {
    return { ...base, statistic: 0, pValue: 1, effectSize: { name: 'cohens_h', value: 0 } };
  }
  const p1 = t.reference[0]! / t.n1;
  const p2 = t.current[0]! / t.n2;
  const pooled = (p1 * t.n1 + p2 * t.n2) / (t.n1 + t.n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / t.n1 + 1 / t.n2));
  return {
    ...base,
    statistic: z,
    pValue: 2 * normalSf(Math.abs(z)),
    effectSize: { name: 'cohens_h', value: 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2)) },
  };
}
