import type { EcdfExtremes } from './ecdfExtremes.js';

/**
 * The running state of a walk along two pooled samples in ascending order, as scipy's `ks_2samp`
 * sees it: after each block of tied values, `i` of the `n1` values of `a` and `j` of the `n2`
 * values of `b` are at most the block's value, and the gap is `i / n1 - j / n2`, computed in that
 * floating-point order. The walk may jump over stretches it was shown cannot hold an extreme
 * ({@link skipTo}); `maxLowerBound` and `minUpperBound` collect gaps known to occur somewhere, so
 * a caller can tell which stretches those are.
 */
export class EcdfWalk {
  /** Values of `a` passed so far. */
  private i = 0;
  /** Values of `b` passed so far. */
  private j = 0;
  private max = Number.NEGATIVE_INFINITY;
  private min = Number.POSITIVE_INFINITY;
  // NaN marks "not seen yet"; samples hold no NaN.
  private maxInA = Number.NaN;
  private maxInB = Number.NaN;
  private minInA = Number.NaN;
  private minInB = Number.NaN;
  /** A gap reached at some block end, so the largest gap is at least this. */
  maxLowerBound = Number.NEGATIVE_INFINITY;
  /** A gap reached at some block end, so the smallest gap is at most this. */
  minUpperBound = Number.POSITIVE_INFINITY;

  /** @param n1 size of sample `a`; @param n2 size of sample `b`. */
  constructor(
    readonly n1: number,
    readonly n2: number,
  ) {}

  /** Continues from the point where `i` values of `a` and `j` of `b` lie below the next value. */
  skipTo(i: number, j: number): void {
    this.i = i;
    this.j = j;
  }

  /**
   * Walks the next values in ascending order: `a` and `b` are sorted, and every value in them is
   * above those passed so far and below those that follow. Ties are passed as a block; a location
   * tie goes to the smallest value of `a` reaching the extreme, else the smallest of `b` (numpy's
   * `argmax` over `concatenate([a, b])`).
   */
  merge(a: Float64Array, b: Float64Array): void {
    const { n1, n2 } = this;
    const na = a.length;
    const nb = b.length;
    const i0 = this.i;
    const j0 = this.j;
    let p = 0;
    let q = 0;
    let { max, min, maxInA, maxInB, minInA, minInB } = this;
    while (p < na || q < nb) {
      const x = p < na ? a[p]! : Number.POSITIVE_INFINITY;
      const y = q < nb ? b[q]! : Number.POSITIVE_INFINITY;
      let v: number;
      let inA = false;
      let inB = false;
      // An exhausted part reads as +Infinity, so a real +Infinity in the other must not tie with it.
      if (p < na && (x < y || q === nb)) {
        v = x;
        inA = true;
      } else if (q < nb && (y < x || p === na)) {
        v = y;
        inB = true;
      } else {
        v = x;
        inA = true;
        inB = true;
      }
      if (inA) while (p < na && a[p]! <= v) p++;
      if (inB) while (q < nb && b[q]! <= v) q++;
      const d = (i0 + p) / n1 - (j0 + q) / n2;
      if (d > max) {
        max = d;
        maxInA = inA ? v : Number.NaN;
        maxInB = inB ? v : Number.NaN;
      } else if (d === max) {
        if (inA && Number.isNaN(maxInA)) maxInA = v;
        if (inB && Number.isNaN(maxInB)) maxInB = v;
      }
      if (d < min) {
        min = d;
        minInA = inA ? v : Number.NaN;
        minInB = inB ? v : Number.NaN;
      } else if (d === min) {
        if (inA && Number.isNaN(minInA)) minInA = v;
        if (inB && Number.isNaN(minInB)) minInB = v;
      }
    }
    this.i = i0 + p;
    this.j = j0 + q;
    this.max = max;
    this.min = min;
    this.maxInA = maxInA;
    this.maxInB = maxInB;
    this.minInA = minInA;
    this.minInB = minInB;
    if (max > this.maxLowerBound) this.maxLowerBound = max;
    if (min < this.minUpperBound) this.minUpperBound = min;
  }

  /** The extremes over the blocks walked (all of them, or every one that can hold an extreme). */
  result(): EcdfExtremes {
    return {
      maxDiff: this.max,
      maxLocation: Number.isNaN(this.maxInA) ? this.maxInB : this.maxInA,
      // scipy clips -min to [0, 1]; -0 would print as "-0" in JSON otherwise.
      minDiff: Math.min(Math.max(-this.min, 0), 1),
      minLocation: Number.isNaN(this.minInA) ? this.minInB : this.minInA,
    };
  }
}
