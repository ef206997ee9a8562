import { categoryTable } from './categoryTable.js';
import { chi2Sf } from './chi2Sf.js';
import { cramersV } from './cramersV.js';
import type { CategoricalTestResult, CategoryCounts } from './types.js';

/**
 * Evidently's `chisquare` drift test: the current counts against the reference's proportions
 * scaled to the current size (`scipy.stats.chisquare(f_obs=current, f_exp=reference * n2/n1)`,
 * k - 1 degrees of freedom). It treats the reference proportions as exact, so with a small
 * reference it reports drift more often than its level; prefer {@link chi2Contingency}, which
 * accounts for sampling error on both sides. A category absent from the reference but present in
 * the current data gives an infinite statistic and a p-value of 0, as in scipy.
 * The effect size is Cramér's V of the 2 x k table (uncorrected).
 * @throws InvalidArgumentError naming `reference` or `current` for an empty map or a bad count.
 */
export function chi2GoodnessOfFit(reference: CategoryCounts, current: CategoryCounts): CategoricalTestResult {
  const t = categoryTable(reference, current);
  const k = t.categories.length;
  const scale = t.n2 / t.n1;
  let statistic = 0;
  let contingency = 0;
  const n = t.n1 + t.n2;
  for (let i = 0; i < k; i++) {
    const expected = t.reference[i]! * scale;
    statistic += (t.current[i]! - expected) ** 2 / expected;
    const column = t.reference[i]! + t.current[i]!;
    const e1 = (t.n1 * column) / n;
    const e2 = (t.n2 * column) / n;
    contingency += (t.reference[i]! - e1) ** 2 / e1 + (t.current[i]! - e2) ** 2 / e2;
  }
  return {
    test: 'chi2_goodness_of_fit',
    statistic,
    pValue: k <= 1 ? 1 : chi2Sf(statistic, k - 1),
    effectSize: { name: 'cramers_v', value: cramersV(contingency, n, 2, k) },
    n1: t.n1,
    n2: t.n2,
  };
}
