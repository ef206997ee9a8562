import type { ColumnData } from './ColumnData.js';
import { counts } from './compareColumn.js';
import type { ColumnHistogram } from './DriftReport.js';

const shownCategories = 20;

/**
 * The histogram a report shows for a column: `bins` equal-width bins over the range of both sides
 * for numbers, the most frequent categories (20, the rest summed as `other`) otherwise.
 */
export function columnHistogram(reference: ColumnData, current: ColumnData, bins: number): ColumnHistogram {
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const values of [reference.values, current.values]) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    const n = max > min ? bins : 1;
    const width = max > min ? (max - min) / n : 1;
    const edges = Array.from({ length: n + 1 }, (_, i) => (i === n ? max : min + i * width));
    const count = (values: Float64Array) => {
      const out = new Array<number>(n).fill(0);
      for (let i = 0; i < values.length; i++) {
        const bin = Math.min(n - 1, Math.floor((values[i]! - min) / width));
        out[bin]! += 1;
      }
      return out;
    };
    return { kind: 'numeric', edges, reference: count(reference.values), current: count(current.values) };
  }
  const ref = counts(reference);
  const cur = counts(current);
  const order = [...new Set([...ref.counts.keys(), ...cur.counts.keys()])].sort(
    (a, b) =>
      (ref.counts.get(b) ?? 0) - (ref.counts.get(a) ?? 0) ||
      (cur.counts.get(b) ?? 0) - (cur.counts.get(a) ?? 0),
  );
  const categories = order.slice(0, shownCategories);
  const shown = (side: typeof ref) => categories.map((c) => side.counts.get(c) ?? 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const shownReference = shown(ref);
  const shownCurrent = shown(cur);
  return {
    kind: 'categorical',
    categories,
    reference: shownReference,
    current: shownCurrent,
    otherReference: ref.total - sum(shownReference),
    otherCurrent: cur.total - sum(shownCurrent),
  };
}
