/**
 * Standard normal CDF from first principles, independent of stdlib, as a test reference:
 * for |x| <= 3 the Maclaurin series of erf (Abramowitz & Stegun 7.1.5),
 * Φ(x) = 1/2 + (1/√π) Σ (-1)^n (x/√2)^(2n+1) / (n! (2n+1));
 * below -3 Laplace's continued fraction for Mills' ratio (A&S 26.2.14),
 * Φ(-x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + ...)))), evaluated from the 300th level up.
 */
export function standardNormalCdfReference(x: number): number {
  if (x < -3) {
    const t = -x;
    let fraction = t;
    for (let k = 300; k >= 1; k--) fraction = t + k / fraction;
    return Math.exp(-(t * t) / 2) / Math.sqrt(2 * Math.PI) / fraction;
  }
  if (x > 3) return 1 - standardNormalCdfReference(-x);
  const u = x / Math.SQRT2;
  let term = u;
  let sum = u;
  for (let n = 1; n < 200; n++) {
    term *= (-u * u) / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 + sum / Math.sqrt(Math.PI);
}
