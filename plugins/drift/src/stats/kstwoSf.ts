import { kolmogorovDurbinMtw } from './kolmogorovDurbinMtw.js';
import { kolmogorovPelzGood } from './kolmogorovPelzGood.js';
import { kolmogorovPomeranz } from './kolmogorovPomeranz.js';
import { smirnovSf } from './smirnovSf.js';

const clip = (p: number): number => Math.min(Math.max(p, 0), 1);
const LOG_2PI = Math.log(2 * Math.PI);
// Bernoulli numbers B_2j / (2j (2j - 1)) for j = 8 .. 1: the Stirling series of log Gamma.
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/** log(n! / n^n) by Stirling's series with n log n removed up front (no cancellation). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * Survival function P(D_n >= x) of the one-sample two-sided Kolmogorov-Smirnov statistic,
 * scipy's `kstwo.sf(x, n)`, choosing the method by region as Simard and L'Ecuyer (2011) do:
 * Ruben-Gambino closed forms near x = 1/n and x = 1, twice the one-sided Smirnov tail where the
 * two tails cannot overlap (x >= 0.5) or barely matter, the Durbin matrix (Marsaglia-Tsang-Wang)
 * or Pomeranz recursion for small n, and the Pelz-Good expansion for large n.
 * `n` must be a positive integer.
 */
export function kstwoSf(x: number, n: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * (1 - x) ** n);
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clip(1 - kolmogorovDurbinMtw(n, x));
    if (nxSquared <= 4) return clip(1 - kolmogorovPomeranz(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clip(2 * smirnovSf(n, x));
  let cdf: number;
  if (nxSquared >= 18) cdf = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdf = kolmogorovDurbinMtw(n, x);
  else cdf = kolmogorovPelzGood(n, x);
  return clip(1 - cdf);
}
