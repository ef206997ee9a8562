import { InvalidArgumentError } from '@mlops/plugin-api';
import { requireSample } from './requireSample.js';
import { sortedCopy } from './sortedCopy.js';
import type { PsiOptions, Sample } from './types.js';

/** numpy's default (`linear`) quantile of sorted data, with numpy's interpolation formula. */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const t = h - lo;
  return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
}

/** Number of values of sorted `data` in each bin (edges[k-1], edges[k]], outer bins unbounded. */
function binShares(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (bin < edges.length && sorted[i]! > edges[bin]!) bin++;
    counts[bin]!++;
  }
  return counts.map((c) => c / sorted.length);
}

/** Evidently's rule: empty bins get 0.0001, or a millionth of the smallest share when that is smaller. */
function fillEmpty(shares: number[], epsilon: number | undefined): void {
  let smallest = Number.POSITIVE_INFINITY;
  for (const s of shares) if (s > 0 && s < smallest) smallest = s;
  const fill = epsilon ?? (smallest <= 0.0001 ? smallest / 1e6 : 0.0001);
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = fill;
}

/**
 * Population Stability Index of `current` against `reference`: sum over bins of
 * (r - c) ln(r / c), where r and c are the shares of each sample per bin. Bins are quantile bins
 * of the reference (edges at numpy's linear quantiles k/bins, k = 1..bins-1; repeated edges,
 * from ties, are merged; each bin closed on the right; the outer bins are open-ended so every
 * current value lands in one). An empty bin's share of 0 would make the log infinite: it becomes
 * `epsilon`, by default as Evidently does, 0.0001, or one millionth of the smallest non-zero share
 * of that sample when that share is itself at most 0.0001. Common reading: < 0.1 stable,
 * 0.1-0.25 moderate shift, > 0.25 major shift.
 * @throws InvalidArgumentError naming `reference`, `current`, `bins` (an integer >= 2) or
 * `epsilon` (a number in (0, 1)).
 * @example psi(reference, current) // 0.03
 */
export function psi(reference: Sample, current: Sample, opts: PsiOptions = {}): number {
  const bins = opts.bins ?? 10;
  if (!(Number.isInteger(bins) && bins >= 2)) {
    throw new InvalidArgumentError(`bins must be an integer >= 2, got ${String(bins)}`, { field: 'bins' });
  }
  if (opts.epsilon !== undefined && !(opts.epsilon > 0 && opts.epsilon < 1)) {
    throw new InvalidArgumentError(`epsilon must be a number between 0 and 1, got ${String(opts.epsilon)}`, {
      field: 'epsilon',
    });
  }
  requireSample('reference', reference, true);
  requireSample('current', current, true);
  const ref = sortedCopy(reference);
  const cur = sortedCopy(current);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantile(ref, k / bins);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  const r = binShares(ref, edges);
  const c = binShares(cur, edges);
  fillEmpty(r, opts.epsilon);
  fillEmpty(c, opts.epsilon);
  let value = 0;
  for (let i = 0; i < r.length; i++) value += (r[i]! - c[i]!) * Math.log(r[i]! / c[i]!);
  return value;
}
