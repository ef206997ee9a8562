import { EcdfWalk } from './EcdfWalk.js';
import type { EcdfExtremes } from './ecdfExtremes.js';
import { sortedCopy } from './sortedCopy.js';
import type { Sample } from './types.js';

/** Up to this many values, sorting a stretch outright costs less than binning it. */
const SORT_MAX = 2048;
/** About one bin per this many values, within MIN_BINS..MAX_BINS (2 x 64K counts stay in cache). */
const VALUES_PER_BIN = 16;
const MIN_BINS = 256;
const MAX_BINS = 65536;
/** Up to this many values, insertion sort beats a call into the engine's sort. */
const INSERTION_MAX = 24;
/** Picked bins holding fewer values than this on average are not worth gathering. */
const SMALL_BIN = 256;
/** Binning levels before a stretch is sorted whatever its size (nested far outliers). */
const MAX_DEPTH = 4;

/**
 * The same answer as `ecdfExtremes(sortedCopy(a), sortedCopy(b))`, bit for bit, mostly without
 * sorting. The pooled values are counted into equal-width bins (a monotone map, so ties share a
 * bin); each bin's cumulative counts give the exact gap at its last block, and bound every gap
 * inside it: with `i0, j0` values of `a`, `b` before the bin and `i1, j1` after it, a gap lies
 * between `i0 / n1 - j1 / n2` and `i1 / n1 - j0 / n2` (division and subtraction round
 * monotonically, so the bounds hold in floating point too). Only bins whose bounds reach the
 * extremes known so far are gathered, binned again or sorted, and walked exactly; the rest are
 * jumped over. On a million values a side that leaves a few thousand to sort. Inputs are not
 * modified; NaN must be rejected before (see `requireSample`).
 */
export function ecdfExtremesOf(a: Sample, b: Sample): EcdfExtremes {
  const walk = new EcdfWalk(a.length, b.length);
  const fa = a instanceof Float64Array ? a : Float64Array.from(a);
  const fb = b instanceof Float64Array ? b : Float64Array.from(b);
  visit(fa, fb, 0, 0, walk, 0, false);
  return walk.result();
}

/**
 * Walks the stretch holding `a` and `b` (unsorted; `i0`, `j0` values of each lie below it) where
 * it can hold an extreme. `owned`: the arrays are scratch space and may be sorted in place.
 */
function visit(
  a: Float64Array,
  b: Float64Array,
  i0: number,
  j0: number,
  walk: EcdfWalk,
  depth: number,
  owned: boolean,
): void {
  const size = a.length + b.length;
  const range = size > SORT_MAX && depth < MAX_DEPTH ? finiteRange(a, b) : null;
  const bins = Math.min(MAX_BINS, Math.max(MIN_BINS, 2 ** Math.ceil(Math.log2(size / VALUES_PER_BIN))));
  // Bins 1..top hold the finite values, 0 and top + 1 the infinities.
  const top = bins - 2;
  const width = range === null ? 0 : range.hi - range.lo;
  const scale = top / width;
  walk.skipTo(i0, j0);
  if (range?.allFinite && width === 0 && range.lo !== 0) {
    // One block of equal values (zeros excepted: -0 sorts before 0 and may be the location).
    walk.merge(a, b);
    return;
  }
  if (
    range === null ||
    !(width > 0 && width < Number.POSITIVE_INFINITY && scale < Number.POSITIVE_INFINITY)
  ) {
    mergeSorted(a, b, owned, walk);
    return;
  }
  const { lo, hi } = range;
  const { n1, n2 } = walk;
  const counts = new Uint32Array(2 * bins);
  for (let k = 0; k < a.length; k++) counts[binOf(a[k]!, lo, hi, scale, top)]!++;
  for (let k = 0; k < b.length; k++) counts[bins + binOf(b[k]!, lo, hi, scale, top)]!++;

  // The gap after each non-empty bin is reached there: it bounds the extremes.
  let maxAtLeast = walk.maxLowerBound;
  let minAtMost = walk.minUpperBound;
  let i = i0;
  let j = j0;
  for (let k = 0; k < bins; k++) {
    const ca = counts[k]!;
    const cb = counts[bins + k]!;
    if (ca + cb === 0) continue;
    i += ca;
    j += cb;
    const d = i / n1 - j / n2;
    if (d > maxAtLeast) maxAtLeast = d;
    if (d < minAtMost) minAtMost = d;
  }
  walk.maxLowerBound = maxAtLeast;
  walk.minUpperBound = minAtMost;

  // Bins that may hold an extreme (>= and <=: the first of tied extremes gives the location).
  // Their values are gathered in bin order, those of `a` into `inA` and of `b` into `inB`;
  // `counts` become write cursors.
  const picked = new Uint8Array(bins);
  const slices: number[] = []; // per picked bin: its end in inA, in inB, and i0, j0 before it
  let totalA = 0;
  let totalB = 0;
  i = i0;
  j = j0;
  for (let k = 0; k < bins; k++) {
    const ca = counts[k]!;
    const cb = counts[bins + k]!;
    if (ca + cb === 0) continue;
    const i1 = i + ca;
    const j1 = j + cb;
    if (i1 / n1 - j / n2 >= maxAtLeast || i / n1 - j1 / n2 <= minAtMost) {
      picked[k] = 1;
      counts[k] = totalA;
      counts[bins + k] = totalB;
      totalA += ca;
      totalB += cb;
      slices.push(totalA, totalB, i, j);
    }
    i = i1;
    j = j1;
  }
  if (totalA + totalB > size / 2 && slices.length / 4 > (totalA + totalB) / SMALL_BIN) {
    // The bounds prune little (samples alike everywhere, D near 0) and leave many small bins:
    // scattering them costs more than sorting the whole stretch at once.
    mergeSorted(a, b, owned, walk);
    return;
  }
  const inA = new Float64Array(totalA);
  const inB = new Float64Array(totalB);
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const bin = binOf(x, lo, hi, scale, top);
    if (picked[bin] === 1) inA[counts[bin]!++] = x;
  }
  for (let k = 0; k < b.length; k++) {
    const x = b[k]!;
    const bin = binOf(x, lo, hi, scale, top);
    if (picked[bin] === 1) inB[counts[bins + bin]!++] = x;
  }

  // Small bins are sorted in place, and a run of adjacent ones walked in one merge (sorted bin by
  // bin, in bin order, the run is sorted); a large bin is binned again.
  let startA = 0;
  let startB = 0;
  let run: { a: number; b: number; i: number; j: number } | null = null;
  let nextI = -1;
  let nextJ = -1;
  const closeRun = () => {
    if (run === null) return;
    walk.skipTo(run.i, run.j);
    walk.merge(inA.subarray(run.a, startA), inB.subarray(run.b, startB));
    run = null;
  };
  for (let s = 0; s < slices.length; s += 4) {
    const endA = slices[s]!;
    const endB = slices[s + 1]!;
    const binI = slices[s + 2]!;
    const binJ = slices[s + 3]!;
    if (binI !== nextI || binJ !== nextJ) closeRun();
    if (endA - startA + endB - startB <= SORT_MAX) {
      sortRange(inA, startA, endA);
      sortRange(inB, startB, endB);
      run ??= { a: startA, b: startB, i: binI, j: binJ };
    } else {
      closeRun();
      visit(inA.subarray(startA, endA), inB.subarray(startB, endB), binI, binJ, walk, depth + 1, true);
    }
    nextI = binI + endA - startA;
    nextJ = binJ + endB - startB;
    startA = endA;
    startB = endB;
  }
  closeRun();
}

/** Walks the whole stretch, sorted (in place when `owned`, else as copies). */
function mergeSorted(a: Float64Array, b: Float64Array, owned: boolean, walk: EcdfWalk): void {
  walk.merge(owned ? sortInPlace(a) : sortedCopy(a), owned ? sortInPlace(b) : sortedCopy(b));
}

/**
 * Sorts `xs` in place as `Float64Array.prototype.sort` does (-0 before 0), by insertion up to
 * INSERTION_MAX values, where calling into the engine's sort costs more than the sorting.
 */
function sortInPlace(xs: Float64Array): Float64Array {
  if (xs.length > INSERTION_MAX) return xs.sort();
  for (let k = 1; k < xs.length; k++) {
    const x = xs[k]!;
    let p = k - 1;
    while (p >= 0 && before(x, xs[p]!)) {
      xs[p + 1] = xs[p]!;
      p--;
    }
    xs[p + 1] = x;
  }
  return xs;
}

/** Sorts `xs[start..end)` in place, as {@link sortInPlace}. */
function sortRange(xs: Float64Array, start: number, end: number): void {
  if (end - start > 1) sortInPlace(xs.subarray(start, end));
}

/** `x < y` in the order of `Float64Array.prototype.sort`, where -0 comes before 0. */
function before(x: number, y: number): boolean {
  return x < y || (x === 0 && y === 0 && 1 / x < 1 / y);
}

/** The bin of `x`: monotone in `x`, so equal values share one and bins keep the values' order. */
function binOf(x: number, lo: number, hi: number, scale: number, top: number): number {
  if (x < lo) return 0;
  if (x > hi) return top + 1;
  const k = ((x - lo) * scale) | 0;
  return k < top ? k + 1 : top;
}

/**
 * The smallest and largest finite values of `a` and `b` (lo > hi when there are none), and
 * whether all values are finite.
 */
function finiteRange(a: Float64Array, b: Float64Array): { lo: number; hi: number; allFinite: boolean } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const xs of [a, b]) {
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  if (lo > Number.NEGATIVE_INFINITY && hi < Number.POSITIVE_INFINITY) return { lo, hi, allFinite: true };
  lo = Number.POSITIVE_INFINITY;
  hi = Number.NEGATIVE_INFINITY;
  for (const xs of [a, b]) {
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k]!;
      if (x - x !== 0) continue; // ±Infinity
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return { lo, hi, allFinite: false };
}
