/**
 * C(n, k) for integers 0 <= k <= n as a double (Infinity once it exceeds ~1.8e308, near n = 1030
 * for k = n/2), by the multiplicative formula on the smaller of k and n - k, so each step
 * multiplies by a ratio close to its exact value and the relative error stays near k ulps.
 */
export function binomialCoefficient(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const m = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= m; i++) {
    c = (c * (n - m + i)) / i;
    if (c === Number.POSITIVE_INFINITY) return c;
  }
  // Below 2^53 the true value is an integer within a few ulps of c: rounding recovers it exactly.
  return c < 2 ** 53 ? Math.round(c) : c;
}
