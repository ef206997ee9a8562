import { studentTCdf } from './studentTCdf.js';

/**
 * Survival function of Student's t distribution: P(T > x) = 1 - cdf(x), computed as cdf(-x)
 * (the distribution is symmetric), so upper-tail p-values such as 1e-20 keep their precision.
 *
 * @param x - any number except NaN; ±Infinity give 1 and 0.
 * @param df - degrees of freedom, greater than 0; Infinity is the standard normal.
 * @throws InvalidArgumentError when an argument is out of range (`details.field` names it).
 * @example studentTSf(2.228138852, 10) // 0.025
 */
export function studentTSf(x: number, df: number): number {
  // -NaN is NaN, so the validation in studentTCdf still names x.
  return studentTCdf(-x, df);
}
