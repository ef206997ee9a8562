import erfcinv from '@stdlib/math-base-special-erfcinv';

/**
 * Quantile of the standard normal distribution, for an already validated probability.
 * Uses erfcinv of the smaller tail (2p or 2(1-p), both exact in binary) rather than
 * erfinv(2p - 1), which rounds 2p - 1 to -1 for p below about 1e-17 and gives -Infinity.
 */
export function standardNormalPpf(p: number): number {
  return p < 0.5 ? -Math.SQRT2 * erfcinv(2 * p) : Math.SQRT2 * erfcinv(2 * (1 - p));
}
