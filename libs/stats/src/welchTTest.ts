import { InvalidArgumentError } from '@mlops/plugin-api';
import type { Alternative } from './Alternative.js';
import { hedgesCorrection } from './hedgesCorrection.js';
import { studentTCdf } from './studentTCdf.js';
import { studentTPpf } from './studentTPpf.js';
import { studentTSf } from './studentTSf.js';
import { summarizeSample } from './summarizeSample.js';

/** Options of {@link welchTTest}. */
export interface WelchTTestOptions {
  /** The alternative hypothesis about mean(A) - mean(B); `'two-sided'` by default. */
  alternative?: Alternative;
  /** Confidence level of `confidenceInterval`, strictly between 0 and 1; 0.95 by default. */
  confidenceLevel?: number;
}

/** The outcome of {@link welchTTest}. Differences and effect sizes are A minus B. */
export interface WelchTTestResult {
  /** Welch's t statistic, (meanA - meanB) / standardError. */
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom (not an integer in general). */
  df: number;
  /** p-value of `statistic` under the chosen alternative. */
  pValue: number;
  /** The alternative hypothesis the p-value and interval are for. */
  alternative: Alternative;
  /** Sample means. */
  meanA: number;
  meanB: number;
  /** Sample standard deviations (n - 1 in the denominator). */
  sdA: number;
  sdB: number;
  /** Sample sizes. */
  nA: number;
  nB: number;
  /** meanA - meanB. */
  meanDifference: number;
  /** √(sdA²/nA + sdB²/nB), the standard error of `meanDifference`. */
  standardError: number;
  /** Interval for the difference of the population means; one end is infinite for one-sided alternatives. */
  confidenceInterval: [number, number];
  /** The level `confidenceInterval` was computed for. */
  confidenceLevel: number;
  /** meanDifference over the pooled standard deviation √(((nA-1)sdA² + (nB-1)sdB²) / (nA+nB-2)). */
  cohenD: number;
  /** `cohenD` times Hedges' exact small-sample correction J(nA + nB - 2) (see `hedgesCorrection`). */
  hedgesG: number;
}

const alternatives: readonly Alternative[] = ['two-sided', 'less', 'greater'];

/**
 * Welch's unequal-variances t-test of two independent samples, as scipy.stats.ttest_ind(a, b,
 * equal_var=False) and R's t.test(a, b) compute it, with the confidence interval of the mean
 * difference and the effect sizes Cohen's d and Hedges' g.
 *
 * @param a - first sample: at least 2 finite numbers.
 * @param b - second sample: at least 2 finite numbers.
 * @throws InvalidArgumentError with `details.field` `'a'` or `'b'` when a sample has fewer than
 *   2 values or a value that is not finite, or (field `'a'`) when both samples have zero variance;
 *   with field `'alternative'` or `'confidenceLevel'` for a bad option.
 * @example
 * const r = welchTTest([0.81, 0.83, 0.82], [0.78, 0.80, 0.79]);
 * if (r.pValue < 0.05) console.log(`A is better by ${r.meanDifference} (g = ${r.hedgesG})`);
 */
export function welchTTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: WelchTTestOptions = {},
): WelchTTestResult {
  const alternative = options.alternative ?? 'two-sided';
  if (!alternatives.includes(alternative)) {
    throw new InvalidArgumentError(
      `alternative must be 'two-sided', 'less' or 'greater', got ${JSON.stringify(alternative)}`,
      { field: 'alternative', reason: 'unknown_value' },
    );
  }
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  if (!(typeof confidenceLevel === 'number' && confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new InvalidArgumentError(
      `confidenceLevel must be a number strictly between 0 and 1 (0.95 for 95%), got ${String(confidenceLevel)}`,
      { field: 'confidenceLevel', reason: 'out_of_range' },
    );
  }
  const sa = summarizeSample('a', a);
  const sb = summarizeSample('b', b);
  if (sa.variance === 0 && sb.variance === 0) {
    throw new InvalidArgumentError(
      `'a' and 'b' both have zero variance (every value of 'a' is ${sa.mean} and every value of 'b' is ${sb.mean}), so the t statistic is undefined`,
      { field: 'a', reason: 'zero_variance' },
    );
  }

  const vnA = sa.variance / sa.n;
  const vnB = sb.variance / sb.n;
  const standardError = Math.sqrt(vnA + vnB);
  // Welch–Satterthwaite in shares of the total, (vnA + vnB)² / (vnA²/(nA-1) + vnB²/(nB-1)):
  // the same value, without squaring variances that could overflow.
  const shareA = vnA / (vnA + vnB);
  const shareB = vnB / (vnA + vnB);
  const df = 1 / ((shareA * shareA) / (sa.n - 1) + (shareB * shareB) / (sb.n - 1));
  const meanDifference = sa.mean - sb.mean;
  const statistic = meanDifference / standardError;

  let pValue: number;
  let confidenceInterval: [number, number];
  // Interval ends are quantile · standardError + meanDifference, as scipy's TtestResult computes them.
  const end = (probability: number) => studentTPpf(probability, df) * standardError + meanDifference;
  if (alternative === 'less') {
    pValue = studentTCdf(statistic, df);
    confidenceInterval = [Number.NEGATIVE_INFINITY, end(confidenceLevel)];
  } else if (alternative === 'greater') {
    pValue = studentTSf(statistic, df);
    confidenceInterval = [end(1 - confidenceLevel), Number.POSITIVE_INFINITY];
  } else {
    pValue = Math.min(1, 2 * studentTSf(Math.abs(statistic), df));
    const tail = (1 - confidenceLevel) / 2;
    confidenceInterval = [end(tail), end(1 - tail)];
  }

  const pooledVariance = ((sa.n - 1) * sa.variance + (sb.n - 1) * sb.variance) / (sa.n + sb.n - 2);
  const cohenD = meanDifference / Math.sqrt(pooledVariance);
  return {
    statistic,
    df,
    pValue,
    alternative,
    meanA: sa.mean,
    meanB: sb.mean,
    sdA: Math.sqrt(sa.variance),
    sdB: Math.sqrt(sb.variance),
    nA: sa.n,
    nB: sb.n,
    meanDifference,
    standardError,
    confidenceInterval,
    confidenceLevel,
    cohenD,
    hedgesG: hedgesCorrection(sa.n + sb.n - 2) * cohenD,
  };
}
