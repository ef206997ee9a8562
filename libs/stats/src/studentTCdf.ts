import cdf from '@stdlib/stats-base-dists-t-cdf';
import { requireParameter } from './requireParameter.js';
import { standardNormalCdf } from './standardNormalCdf.js';
import { studentTPowerTail } from './studentTPowerTail.js';

/**
 * Cumulative distribution function of Student's t distribution: P(T <= x).
 * The lower tail is computed directly from the regularized incomplete beta function, so small
 * probabilities keep their relative precision. df = Infinity is the standard normal.
 *
 * @param x - any number except NaN; ±Infinity give 0 and 1.
 * @param df - degrees of freedom, greater than 0 (non-integer allowed, as for Welch's test).
 * @throws InvalidArgumentError when an argument is out of range (`details.field` names it).
 * @example studentTCdf(2.228138852, 10) // 0.975
 */
export function studentTCdf(x: number, df: number): number {
  requireParameter('x', x, 'number');
  requireParameter('df', df, 'positive');
  // stdlib answers 0.5 for every x when df is Infinity.
  if (df === Number.POSITIVE_INFINITY) return standardNormalCdf(x);
  if (-x >= studentTPowerTail.from(df)) return studentTPowerTail.probability(-x, df);
  return cdf(x, df);
}
