const E128 = 2 ** 128;
const EM128 = 2 ** -128;

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j]! += aik * b[k * m + j]!;
    }
  }
  return c;
}

/**
 * P(D_n <= d) for the one-sample two-sided Kolmogorov statistic by Durbin's matrix algorithm as
 * Marsaglia, Tsang and Wang (2003) evaluate it: with d = (k - h)/n, the k-th diagonal entry of
 * H^n times n!/n^n, H an (2k-1)x(2k-1) matrix, powers taken by squaring with a separate binary
 * exponent so neither the power nor n!/n^n overflows. O(k^3 log n): used where n d is small.
 */
export function kolmogorovDurbinMtw(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  let H = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]!;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let hExponent = 0;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2) {
      power = multiply(power, H, m);
      exponent += hExponent;
    }
    H = multiply(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]!) > E128) {
      for (let i = 0; i < m * m; i++) H[i]! /= E128;
      hExponent += 128;
    }
  }
  let p = power[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      exponent -= 128;
    }
  }
  if (exponent !== 0) p *= 2 ** exponent;
  return Math.min(Math.max(p, 0), 1);
}
