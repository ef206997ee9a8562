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
 */
export function ecdfExtremes(a: Float64Array, b: Float64Array): EcdfExtremes {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  // NaN marks "not seen yet"; samples hold no NaN.
  let maxInA = Number.NaN;
  let maxInB = Number.NaN;
  let minInA = Number.NaN;
  let minInB = Number.NaN;
  while (i < n1 || j < n2) {
    const x = i < n1 ? a[i]! : Number.POSITIVE_INFINITY;
    const y = j < n2 ? b[j]! : Number.POSITIVE_INFINITY;
    let v: number;
    let inA = false;
    let inB = false;
    // An exhausted sample reads as +Infinity, so a real +Infinity in the other must not tie with it.
    if (i < n1 && (x < y || j === n2)) {
      v = x;
      inA = true;
    } else if (j < n2 && (y < x || i === n1)) {
      v = y;
      inB = true;
    } else {
      v = x;
      inA = true;
      inB = true;
    }
    if (inA) while (i < n1 && a[i]! <= v) i++;
    if (inB) while (j < n2 && b[j]! <= v) j++;
    const d = i / n1 - j / n2;
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
  return {
    maxDiff: max,
    maxLocation: Number.isNaN(maxInA) ? maxInB : maxInA,
    // scipy clips -min to [0, 1]; -0 would print as "-0" in JSON otherwise.
    minDiff: Math.min(Math.max(-min, 0), 1),
    minLocation: Number.isNaN(minInA) ? minInB : minInA,
  };
}
