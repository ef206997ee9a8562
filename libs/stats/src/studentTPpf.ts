import betaincinv from '@stdlib/math-base-special-betaincinv';
import quantile from '@stdlib/stats-base-dists-t-quantile';
import { requireParameter } from './requireParameter.js';
import { standardNormalPpf } from './standardNormalPpf.js';
import { studentTPowerTail } from './studentTPowerTail.js';

/**
 * Above this many degrees of freedom the quantile is the normal one plus its first Cornish-Fisher
 * term, z + (z³ + z) / (4·df); the next term is below 1e-22 relative there. stdlib's own quantile
 * returns 0 for any p once df reaches about 1e16.
 */
const NORMAL_APPROXIMATION_DF = 1e14;

/**
 * Percent point function (quantile, inverse of `studentTCdf`) of Student's t distribution:
 * the x with P(T <= x) = p. p = 0 gives -Infinity, p = 1 gives Infinity.
 *
 * @param p - probability in [0, 1].
 * @param df - degrees of freedom, greater than 0 (non-integer allowed); Infinity is the normal.
 * @throws InvalidArgumentError when an argument is out of range (`details.field` names it).
 * @example studentTPpf(0.975, 10) // 2.228138851986274
 */
export function studentTPpf(p: number, df: number): number {
  requireParameter('p', p, 'probability');
  requireParameter('df', df, 'positive');
  if (p === 0.5) return 0;
  // stdlib answers NaN for p = 0 with some df (4, for one).
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (df >= NORMAL_APPROXIMATION_DF) {
    const z = standardNormalPpf(p);
    return z + (z * z * z + z) / (4 * df);
  }
  const tail = Math.min(p, 1 - p);
  const magnitude = tail < 0.25 ? tailQuantile(tail, df) : centralQuantile(0.5 - tail, df);
  return p < 0.5 ? -magnitude : magnitude;
}

/**
 * |x| with P(0 < T < |x|) = mass, for mass in (0, 0.25].
 * stdlib's quantile inverts the tail probability, 2·min(p, 1-p), which loses every digit of
 * mass as p approaches 0.5 (it returns 0 for p = 0.49999999 at df = 5). Near the centre the
 * central mass is inverted instead: P(|T| < x) = I_z(1/2, df/2) with z = x² / (df + x²).
 */
function centralQuantile(mass: number, df: number): number {
  const z = betaincinv(2 * mass, 0.5, df / 2, false);
  return Math.sqrt((df * z) / (1 - z));
}

/** |x| with P(T < -|x|) = tail, for tail in (0, 0.25). */
function tailQuantile(tail: number, df: number): number {
  const magnitude = -quantile(tail, df);
  return magnitude < studentTPowerTail.from(df) ? magnitude : studentTPowerTail.quantile(tail, df);
}
