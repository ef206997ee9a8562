import cdf from '@stdlib/stats-base-dists-normal-cdf';

/** Cumulative distribution function of the standard normal, for an already validated x. */
export function standardNormalCdf(x: number): number {
  return cdf(x, 0, 1);
}
