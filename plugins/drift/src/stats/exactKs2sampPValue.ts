import { binomialCoefficient } from './binomialCoefficient.js';
import type { Alternative } from './types.js';

/** What {@link exactKs2sampPValue} found: scipy's `(success, d, prob)` of `_attempt_exact_2kssamp`. */
export interface ExactKsOutcome {
  /** False when the computation overflowed or left [0, 1]: the caller falls back to asymp. */
  readonly success: boolean;
  /** The statistic snapped to the lattice of attainable values, h / lcm(n1, n2). */
  readonly d: number;
  /** The p-value (NaN when `success` is false). */
  readonly pValue: number;
}

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * The exact null distribution of the two-sample Kolmogorov-Smirnov statistic at `d`, by counting
 * lattice paths (Hodges 1958), as scipy's `_attempt_exact_2kssamp`: two-sided with equal sizes by
 * the alternating binomial series in Horner form; two-sided with unequal sizes by the "inside"
 * recursion kept as a probability of leaving the band (Viehmann 2021), which cannot overflow;
 * one-sided by counting the paths that cross one diagonal, divided by C(n1 + n2, n1) — that
 * overflows past about n1 + n2 = 1030, and the caller then falls back to the asymptotic formula.
 */
export function exactKs2sampPValue(
  n1: number,
  n2: number,
  d: number,
  alternative: Alternative,
): ExactKsOutcome {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const snapped = h / lcm;
  if (h === 0) return { success: true, d: snapped, pValue: 1 };
  let p: number;
  if (alternative === 'two-sided') {
    p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  } else if (n1 === n2) {
    p = 1;
    for (let j = 0; j < h; j++) p *= (n1 - j) / (n1 + j + 1);
  } else {
    const paths = pathsCrossingDiagonal(n1, n2, g, h);
    const all = binomialCoefficient(n1 + n2, n1);
    if (!Number.isFinite(paths) || !Number.isFinite(all) || paths > all) {
      return { success: false, d: snapped, pValue: Number.NaN };
    }
    p = paths / all;
  }
  if (!(p >= 0 && p <= 1)) return { success: false, d: snapped, pValue: p };
  return { success: true, d: snapped, pValue: p };
}

/**
 * P(D_{n,n} >= h/n) = 2 * sum_k (-1)^(k+1) C(2n, n - k h) / C(2n, n), each ratio a product of h
 * factors, nested as 2 A0 (1 - A1 (1 - A2 (...))) to avoid subtracting large terms.
 */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * The proportion of monotone lattice paths from (0, 0) to (m, n) that leave the band
 * |x/m - y/n| < h / lcm(m, n). One column of the path-count table is kept, as probabilities of
 * having left the band, over the sliding window of rows that lie inside it.
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA));
  }
  return A[maxj - minj - 1]!;
}

/**
 * The number of lattice paths from (0, 0) to (m, n) that reach the line m y = n x - h g at some
 * point (Hodges' treatment of Drion, Gnedenko and Korolyuk). Only the crossings at the x values
 * where the line passes an integer y matter; a double may overflow, which the caller checks.
 */
function pathsCrossingDiagonal(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj <= 0) return binomialCoefficient(m + n, n);
  const xj = new Float64Array(lxj);
  for (let j = 0; j < lxj; j++) xj[j] = Math.floor((h + mg * j + ng - 1) / ng);
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let bj = binomialCoefficient(xj[j]! + j, j);
    for (let i = 0; i < j; i++) bj -= binomialCoefficient(xj[j]! - xj[i]! + j - i, j - i) * B[i]!;
    // Once a count overflows the total does too (scipy raises FloatingPointError there): stop early.
    if (!Number.isFinite(bj)) return Number.POSITIVE_INFINITY;
    B[j] = bj;
  }
  let paths = 0;
  for (let j = 0; j < lxj; j++) paths += B[j]! * binomialCoefficient(m - xj[j]! + (n - j), n - j);
  return paths;
}
