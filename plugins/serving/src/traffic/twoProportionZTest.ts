import { normalPpf, normalSf } from '@mlops/stats';

/** The outcome of {@link twoProportionZTest}; differences are B minus A. */
export interface TwoProportionZTestResult {
  readonly rateA: number;
  readonly rateB: number;
  /** rateB - rateA. */
  readonly difference: number;
  /** z with the pooled rate under the null hypothesis (as statsmodels' proportions_ztest). */
  readonly statistic: number;
  /** Two-sided p-value of `statistic`. */
  readonly pValue: number;
  /** Wald interval for `difference` with the unpooled standard error, at `confidenceLevel`. */
  readonly confidenceInterval: readonly [number, number];
  /** Cohen's h, 2·asin(√rateB) - 2·asin(√rateA). */
  readonly cohenH: number;
}

/**
 * Two-sided z-test that two independent binomial samples share one success rate: z is
 * (pB - pA) / √(p̄(1-p̄)(1/nA + 1/nB)) with the pooled rate p̄, so z² equals the chi-square
 * statistic of the 2x2 table without continuity correction (scipy.stats.chi2_contingency with
 * `correction=False`) and the p-values agree. The interval uses the unpooled standard error
 * √(pA(1-pA)/nA + pB(1-pB)/nB), the textbook Wald interval. A statistic of 0 (and p-value 1) is
 * returned when both samples are all successes or all failures.
 * @param successesA - successes in sample A, out of `nA` (above 0).
 */
export function twoProportionZTest(
  successesA: number,
  nA: number,
  successesB: number,
  nB: number,
  confidenceLevel: number,
): TwoProportionZTestResult {
  const rateA = successesA / nA;
  const rateB = successesB / nB;
  const difference = rateB - rateA;
  const pooled = (successesA + successesB) / (nA + nB);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const statistic = pooledSe === 0 ? 0 : difference / pooledSe;
  const pValue = Math.min(1, 2 * normalSf(Math.abs(statistic)));
  const se = Math.sqrt((rateA * (1 - rateA)) / nA + (rateB * (1 - rateB)) / nB);
  const z = normalPpf(1 - (1 - confidenceLevel) / 2);
  return {
    rateA,
    rateB,
    difference,
    statistic,
    pValue,
    confidenceInterval: [difference - z * se, difference + z * se],
    cohenH: 2 * Math.asin(Math.sqrt(rateB)) - 2 * Math.asin(Math.sqrt(rateA)),
  };
}
