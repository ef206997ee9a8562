import { InvalidArgumentError } from '@mlops/plugin-api';
import { chi2Sf } from './chi2Sf.js';
import { cramersV } from './cramersV.js';
import type { Chi2ContingencyOptions, Chi2ContingencyResult } from './types.js';

/**
 * Chi-square test of independence on a contingency table, as `scipy.stats.chi2_contingency`:
 * expected counts from the margins, Pearson's statistic, dof = (r - 1)(c - 1), and Yates'
 * continuity correction (each observed count moved up to 0.5 towards its expected one) when
 * dof is 1 and `correction` is true (the default). For drift, row 0 is the reference's counts per
 * category and row 1 the current's. The effect size is Cramér's V, from the uncorrected statistic.
 * @throws InvalidArgumentError (`field` `table`) for a ragged or empty table, a negative or
 * non-finite count, or an all-zero row or column (an expected count of 0, which scipy rejects too).
 * @example chi2Contingency([[120, 80], [95, 105]]) // { statistic: 5.76, pValue: 0.016, dof: 1, ... }
 */
export function chi2Contingency(table: number[][], opts: Chi2ContingencyOptions = {}): Chi2ContingencyResult {
  const correction = opts.correction ?? true;
  const rows = table.length;
  const columns = rows > 0 ? table[0]!.length : 0;
  if (rows === 0 || columns === 0) {
    throw new InvalidArgumentError('table must have at least one row and one column', { field: 'table' });
  }
  const rowSums = new Array<number>(rows).fill(0);
  const colSums = new Array<number>(columns).fill(0);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const row = table[i]!;
    if (!Array.isArray(row) || row.length !== columns) {
      throw new InvalidArgumentError(`table row ${i} has ${row?.length} cells, expected ${columns}`, {
        field: `table[${i}]`,
      });
    }
    for (let j = 0; j < columns; j++) {
      const v = row[j]!;
      if (!(typeof v === 'number' && v >= 0 && Number.isFinite(v))) {
        throw new InvalidArgumentError(`table[${i}][${j}] must be a finite count >= 0, got ${String(v)}`, {
          field: `table[${i}][${j}]`,
        });
      }
      rowSums[i]! += v;
      colSums[j]! += v;
      total += v;
    }
  }
  const expected = rowSums.map((r) => colSums.map((c) => (r * c) / total));
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      if (expected[i]![j] === 0) {
        throw new InvalidArgumentError(
          `table has an expected frequency of 0 at [${i}][${j}]: drop empty rows and categories before testing`,
          { field: 'table', reason: 'zero_expected' },
        );
      }
    }
  }
  const dof = rows * columns - rows - columns + 1;
  const pearson = (shift: boolean): number => {
    let stat = 0;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) {
        const e = expected[i]![j]!;
        let o = table[i]![j]!;
        if (shift) {
          const diff = e - o;
          o += Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
        }
        stat += (o - e) ** 2 / e;
      }
    }
    return stat;
  };
  const uncorrected = pearson(false);
  const statistic = dof === 0 ? 0 : dof === 1 && correction ? pearson(true) : uncorrected;
  const pValue = dof === 0 ? 1 : chi2Sf(statistic, dof);
  return {
    test: 'chi2_contingency',
    statistic,
    pValue,
    dof,
    expected,
    effectSize: { name: 'cramers_v', value: cramersV(uncorrected, total, rows, columns) },
    n1: rowSums[0]!,
    n2: total - rowSums[0]!,
  };
}
