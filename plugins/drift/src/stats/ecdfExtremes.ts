import { EcdfWalk } from './EcdfWalk.js';

/** The extreme differences between two empirical CDFs, and where they occur. */
export interface EcdfExtremes {
  /** max over x of F_a(x) - F_b(x) (never negative: both CDFs reach 1). */
  readonly maxDiff: number;
  /** The observation where `maxDiff` is first reached. */
  readonly maxLocation: number;
  /** max over x of F_b(x) - F_a(x) (never negative). */
  readonly minDiff: number;
  /** The observation where `minDiff` is first reached. */
  readonly minLocation: number;
}

/**
 * Walks two sorted samples once and returns the largest positive and negative gaps between their
 * empirical CDFs, as scipy's `ks_2samp` finds them with `searchsorted(..., side='right')` over
 * the concatenated data: ties are passed as a block, each difference is `i / n1 - j / n2` in the
 * same floating-point order, and a location tie goes to the smallest value of `a` reaching the
 * extreme, else the smallest of `b` (numpy's `argmax` over `concatenate([a, b])`).
 * `ecdfExtremesOf` gives the same answer from unsorted samples, mostly without sorting them.
 */
export function ecdfExtremes(a: Float64Array, b: Float64Array): EcdfExtremes {
  const walk = new EcdfWalk(a.length, b.length);
  walk.merge(a, b);
  return walk.result();
}
