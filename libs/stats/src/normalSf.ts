import cdf from '@stdlib/stats-base-dists-normal-cdf';
import { requireParameter } from './requireParameter.js';

/**
 * Survival function of the normal distribution: P(X > x) = 1 - cdf(x), computed without
 * subtracting from 1, so an upper-tail probability such as 1e-300 keeps its precision.
 *
 * @param x - any number except NaN; ±Infinity give 1 and 0.
 * @param mean - finite; 0 by default.
 * @param sd - standard deviation, finite and greater than 0; 1 by default.
 * @throws InvalidArgumentError when an argument is out of range (`details.field` names it).
 * @example normalSf(1.959963984540054) // 0.025
 */
export function normalSf(x: number, mean = 0, sd = 1): number {
  requireParameter('x', x, 'number');
  requireParameter('mean', mean, 'finite');
  requireParameter('sd', sd, 'positiveFinite');
  // X - mean is symmetric around 0, so P(X > x) = P(mean - X < mean - x): a lower tail, via erfc.
  return cdf(mean - x, 0, sd);
}
