/**
 * Student's t CDF for an integer df from the finite series of Abramowitz & Stegun, Handbook of
 * Mathematical Functions, 26.7.3 (odd df) and 26.7.4 (even df), written out independently of
 * stdlib as a reference. A(t|ν) = P(|T| < t) and cdf(t) = (1 + A) / 2; fine for moderate |t|,
 * where (1 + A) / 2 does not cancel.
 */
export function studentTCdfSeries(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const sin = Math.sin(theta);
  const cos = Math.cos(theta);
  let a: number;
  if (df % 2 === 1) {
    // cosθ + (2/3)cos³θ + (2·4)/(3·5)cos⁵θ + ... + (2·4···(ν-3))/(1·3···(ν-2))cos^(ν-2)θ
    let term = cos;
    let sum = df > 1 ? cos : 0;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * cos * cos;
      sum += term;
    }
    a = (2 / Math.PI) * (theta + sin * sum);
  } else {
    // 1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + ... + (1·3···(ν-3))/(2·4···(ν-2))cos^(ν-2)θ
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * cos * cos;
      sum += term;
    }
    a = sin * sum;
  }
  return (1 + a) / 2;
}
