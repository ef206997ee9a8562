import { InvalidArgumentError } from '@mlops/plugin-api';
import { ecdfExtremesOf } from './ecdfExtremesOf.js';
import { exactKs2sampPValue, gcd } from './exactKs2sampPValue.js';
import { kstwoSf } from './kstwoSf.js';
import { requireSample } from './requireSample.js';
import type { Alternative, Ks2sampOptions, Ks2sampResult, Sample } from './types.js';

/** `method: 'auto'` is exact up to this many observations in the larger sample, as scipy. */
const MAX_AUTO_N = 10000;
const INT32_MAX = 2 ** 31 - 1;
const ALTERNATIVES: readonly Alternative[] = ['two-sided', 'less', 'greater'];
const METHODS = ['auto', 'exact', 'asymp'] as const;

/**
 * Two-sample Kolmogorov-Smirnov test, with the choices of `scipy.stats.ks_2samp` (1.10+): the
 * statistic is the largest gap between the empirical CDFs of `a` (reference) and `b` (current),
 * ties counted as scipy does; `method: 'auto'` uses the exact null distribution when
 * max(n1, n2) <= 10000 and otherwise `kstwo.sf(D, round(n1 n2 / (n1 + n2)))` (two-sided) or
 * Hodges' one-sided approximation. When the exact computation fails (a one-sided test with
 * unequal sizes overflows a double past about n1 + n2 = 1030) the result falls back to `'asymp'`,
 * as scipy does with a RuntimeWarning; here `method` says `'asymp'` and `warning` carries
 * scipy's message. Inputs are not modified. The statistic is found without sorting all the values
 * (`ecdfExtremesOf`: binned counts bound the gaps, and only the bins that can hold the largest
 * are sorted), with the same result, bit for bit, as a walk over both samples sorted.
 *
 * The effect size is D itself (`ks_d`): the largest difference in cumulative proportion.
 * @throws InvalidArgumentError when a sample is empty or holds NaN (`field` `a`, `b`, `a[i]`...),
 * or an option is unknown (`alternative`, `method`).
 * @example
 * const r = ks2samp(reference, current);            // { statistic: 0.21, pValue: 0.003, method: 'exact', ... }
 * ks2samp(reference, current, { alternative: 'less', method: 'asymp' });
 */
export function ks2samp(a: Sample, b: Sample, opts: Ks2sampOptions = {}): Ks2sampResult {
  const alternative = opts.alternative ?? 'two-sided';
  const requested = opts.method ?? 'auto';
  if (!ALTERNATIVES.includes(alternative)) {
    throw new InvalidArgumentError(
      `alternative must be one of ${ALTERNATIVES.join(', ')}, got ${String(alternative)}`,
      { field: 'alternative', reason: 'unknown_value' },
    );
  }
  if (!METHODS.includes(requested)) {
    throw new InvalidArgumentError(`method must be one of ${METHODS.join(', ')}, got ${String(requested)}`, {
      field: 'method',
      reason: 'unknown_value',
    });
  }
  requireSample('a', a);
  requireSample('b', b);
  const n1 = a.length;
  const n2 = b.length;
  const ext = ecdfExtremesOf(a, b);
  const useMin = alternative === 'less' || (alternative === 'two-sided' && ext.minDiff > ext.maxDiff);
  let d = useMin ? ext.minDiff : ext.maxDiff;
  const statisticLocation = useMin ? ext.minLocation : ext.maxLocation;
  const statisticSign = useMin ? -1 : 1;

  let method: 'exact' | 'asymp';
  let warning: string | undefined;
  const g = gcd(n1, n2);
  if (requested === 'auto') {
    method = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  } else if (requested === 'exact' && n1 / g >= INT32_MAX / (n2 / g)) {
    method = 'asymp';
    warning = `Exact ks_2samp calculation not possible with samples sizes ${n1} and ${n2}. Switching to 'asymp'.`;
  } else {
    method = requested;
  }
  let pValue = Number.NaN;
  if (method === 'exact') {
    const exact = exactKs2sampPValue(n1, n2, d, alternative);
    d = exact.d;
    if (exact.success) {
      pValue = exact.pValue;
    } else {
      method = 'asymp';
      warning = 'ks_2samp: Exact calculation unsuccessful. Switching to method=asymp.';
    }
  }
  if (method === 'asymp') pValue = asymptoticPValue(n1, n2, d, alternative);
  pValue = Math.min(Math.max(pValue, 0), 1);
  return {
    test: 'ks',
    statistic: d,
    pValue,
    method,
    statisticLocation,
    statisticSign,
    effectSize: { name: 'ks_d', value: d },
    n1,
    n2,
    ...(warning === undefined ? {} : { warning }),
  };
}

/**
 * Smirnov's large-sample p-value: the one-sample two-sided distribution at the effective size
 * round(m n / (m + n)), or for one-sided tests Hodges' (1958) eq. 5.3, which needs m >= n.
 */
function asymptoticPValue(n1: number, n2: number, d: number, alternative: Alternative): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  if (alternative === 'two-sided') return kstwoSf(d, roundHalfEven(en));
  const z = Math.sqrt(en) * d;
  return Math.exp(-2 * z * z - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3);
}

/** numpy's `np.round`: halves go to the even neighbour (en = 12.5 gives 12, not 13). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
