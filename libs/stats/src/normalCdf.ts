import cdf from '@stdlib/stats-base-dists-normal-cdf';
import { requireParameter } from './requireParameter.js';

/**
 * Cumulative distribution function of the normal distribution: P(X <= x).
 * Accurate to a few ulps in the lower tail (computed with erfc, no cancellation).
 *
 * @param x - any number except NaN; ±Infinity give 0 and 1.
 * @param mean - finite; 0 by default.
 * @param sd - standard deviation, finite and greater than 0; 1 by default.
 * @throws InvalidArgumentError when an argument is out of range (`details.field` names it).
 * @example normalCdf(1.959963984540054) // 0.975
 */
export function normalCdf(x: number, mean = 0, sd = 1): number {
  requireParameter('x', x, 'number');
  requireParameter('mean', mean, 'finite');
  requireParameter('sd', sd, 'positiveFinite');
  return cdf(x, mean, sd);
}
