import { chi2Contingency } from '../stats/chi2Contingency.js';
import { chi2GoodnessOfFit } from '../stats/chi2GoodnessOfFit.js';
import { jensenShannonDistance } from '../stats/jensenShannonDistance.js';
import { ks2samp } from '../stats/ks2samp.js';
import { psi } from '../stats/psi.js';
import type { TestResult } from '../stats/types.js';
import { wassersteinDistance } from '../stats/wassersteinDistance.js';
import { zTestProportions } from '../stats/zTestProportions.js';
import type { CategoricalColumnData, ColumnData } from './ColumnData.js';
import type { ColumnTestName } from './DriftReportOptions.js';

/**
 * Runs `test` on one column. Numeric data given to a categorical test is counted per value, as
 * Evidently does for numeric columns with few distinct values.
 */
export function compareColumn(test: ColumnTestName, reference: ColumnData, current: ColumnData): TestResult {
  switch (test) {
    case 'ks':
      return ks2samp(numbers(reference), numbers(current));
    case 'wasserstein':
      return normedWasserstein(numbers(reference), numbers(current));
    case 'psi': {
      const value = psi(numbers(reference), numbers(current));
      return sizes({ test: 'psi', statistic: value, effectSize: { name: 'psi', value } }, reference, current);
    }
    case 'chi2_contingency': {
      const [ref, cur] = [counts(reference), counts(current)];
      const categories = unionOf(ref, cur);
      return chi2Contingency([
        categories.map((c) => ref.counts.get(c) ?? 0),
        categories.map((c) => cur.counts.get(c) ?? 0),
      ]);
    }
    case 'chi2_goodness_of_fit':
      return chi2GoodnessOfFit(counts(reference).counts, counts(current).counts);
    case 'z_proportions':
      return zTestProportions(counts(reference).counts, counts(current).counts);
    case 'jensenshannon': {
      const [ref, cur] = [counts(reference), counts(current)];
      const categories = unionOf(ref, cur);
      const value = jensenShannonDistance(
        categories.map((c) => (ref.counts.get(c) ?? 0) / ref.total),
        categories.map((c) => (cur.counts.get(c) ?? 0) / cur.total),
      );
      return sizes(
        { test: 'jensenshannon', statistic: value, effectSize: { name: 'jensenshannon', value } },
        reference,
        current,
      );
    }
  }
}

/**
 * Evidently's normed Wasserstein distance: W1 divided by the reference's standard deviation
 * (population, ddof 0), floored at 0.001 so a constant reference does not divide by zero.
 */
function normedWasserstein(reference: Float64Array, current: Float64Array): TestResult {
  let mean = 0;
  for (let i = 0; i < reference.length; i++) mean += reference[i]!;
  mean /= reference.length;
  let squares = 0;
  for (let i = 0; i < reference.length; i++) squares += (reference[i]! - mean) ** 2;
  const norm = Math.max(Math.sqrt(squares / reference.length), 0.001);
  const value = wassersteinDistance(reference, current) / norm;
  return {
    test: 'wasserstein',
    statistic: value,
    effectSize: { name: 'wasserstein_normed', value },
    n1: reference.length,
    n2: current.length,
  };
}

function sizes(
  result: Omit<TestResult, 'n1' | 'n2'>,
  reference: ColumnData,
  current: ColumnData,
): TestResult {
  return { ...result, n1: sizeOf(reference), n2: sizeOf(current) };
}

/** Non-missing values of a column. */
export function sizeOf(column: ColumnData): number {
  return column.kind === 'numeric' ? column.values.length : column.total;
}

function numbers(column: ColumnData): Float64Array {
  if (column.kind !== 'numeric') throw new TypeError('a numeric test reached a categorical column');
  return column.values;
}

/** The column as counts per category; numbers are keyed by their decimal text. */
export function counts(column: ColumnData): CategoricalColumnData {
  if (column.kind === 'categorical') return column;
  const map = new Map<string, number>();
  for (const v of column.values) {
    const key = String(v);
    map.set(key, (map.get(key) ?? 0) + 1);
  }
  return { kind: 'categorical', counts: map, total: column.values.length };
}

/** Categories seen on either side, in a stable order (reference first, then new ones). */
function unionOf(reference: CategoricalColumnData, current: CategoricalColumnData): string[] {
  const all = new Set(reference.counts.keys());
  for (const key of current.counts.keys()) all.add(key);
  return [...all].filter((c) => (reference.counts.get(c) ?? 0) + (current.counts.get(c) ?? 0) > 0);
}
