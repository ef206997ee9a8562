const MIN_LOG = -708.3964185322641;
const MAX_COMPUTE_N = 1_000_000;
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter for doubles

/** n * x as an unevaluated sum hi + lo, exact (Dekker's two-product), so floor(n x) is exact. */
function exactProduct(n: number, x: number): [number, number] {
  const hi = n * x;
  const nb = SPLIT * n;
  const nHi = nb - (nb - n);
  const nLo = n - nHi;
  const xb = SPLIT * x;
  const xHi = xb - (xb - x);
  const xLo = x - xHi;
  const lo = nHi * xHi - hi + nHi * xLo + nLo * xHi + nLo * xLo;
  return [hi, lo];
}

/**
 * The one-sided Kolmogorov-Smirnov survival function P(D+_n >= x) (scipy.special.smirnov), by
 * the Smirnov / Birnbaum-Tingey sum x * sum_{v=0}^{floor(n(1-x))} C(n,v) (x + v/n)^(v-1)
 * (1 - x - v/n)^(n-v), whose terms are all positive. Each term is formed in logarithms (the
 * binomial coefficient kept as a scaled mantissa), the sum stops once the remaining terms cannot
 * move it; above n = 1,000,000 the approximation exp(-(6nx+1)^2 / (18n)) is used, as in scipy.
 * scipy also has an alternating "upper" sum for tiny x, which the two-sided Kolmogorov
 * distribution never reaches (it calls this only where n x^2 > 2.2 or x >= 0.5).
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const [hi, lo] = exactProduct(n, x);
  let nxfl = Math.floor(hi);
  let alpha = hi - nxfl + lo;
  if (alpha < 0) {
    nxfl -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    nxfl += 1;
    alpha = 0;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxfl >= n - 1) return (1 - x) ** n;
  if (n > MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  // Terms v = 0 .. floor(n(1-x)); when n x is an integer the last one is 0^(n-v) = 0: left out.
  const nTerms = n - nxfl;
  const nx = hi;
  const vmid = Math.floor(n / 2);
  let sum = Math.exp(n * Math.log1p(-x) - Math.log(x));
  let c = n; // C(n, 1), as mantissa c times 2^cExp
  let cExp = 0;
  for (let v = 1; v < nTerms; v++) {
    const p = (v + nx) / n;
    const logTerm = Math.log(c) + cExp * Math.LN2 + (n - v) * Math.log1p(-p) + (v - 1) * Math.log(p);
    const term = Math.exp(logTerm);
    if (term > 0 && Number.isFinite(term)) sum += term;
    if (term !== 0) {
      if (4 * (nTerms - v) * term < Number.EPSILON * sum && v !== nTerms - 1) break;
    } else if (v > vmid) {
      break;
    }
    c = (c * (n - v)) / (v + 1);
    if (c > 2 ** 512) {
      c *= 2 ** -512;
      cExp += 512;
    } else if (c < 2 ** -512) {
      c *= 2 ** 512;
      cExp -= 512;
    }
  }
  return Math.min(Math.max(x * sum, 0), 1);
}
