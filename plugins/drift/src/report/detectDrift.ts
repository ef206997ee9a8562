import { InvalidArgumentError } from '@mlops/plugin-api';
import type { ColumnarDataset } from './ColumnData.js';
import { concludeReport } from './concludeReport.js';
import type { DriftReport } from './DriftReport.js';
import type { DriftReportOptions } from './DriftReportOptions.js';
import { examineColumn } from './examineColumn.js';
import { toColumnData } from './toColumnData.js';
import { selectColumns, validateReportOptions } from './validateReportOptions.js';

/**
 * Compares each column of `current` with the same column of `reference` and gives a verdict per
 * column and for the dataset, as Evidently's data drift preset: the test is chosen by the column's
 * type and the reference's size (see {@link DriftReportOptions} for overrides).
 * @throws InvalidArgumentError naming the field: a bad option, a column missing from `current`
 * (`current.<column>`), a column of another type, or a column with no values.
 * @example
 * const report = detectDrift(
 *   { age: new Float64Array(referenceAges), plan: referencePlans },
 *   { age: new Float64Array(currentAges), plan: currentPlans },
 *   { columns: { age: { threshold: 0.01 } }, correction: 'benjamini-hochberg' },
 * );
 * if (report.datasetDrift) console.log(report.driftedColumns);
 */
export function detectDrift(
  reference: ColumnarDataset,
  current: ColumnarDataset,
  options: DriftReportOptions = {},
): DriftReport {
  validateReportOptions(options);
  const findings = selectColumns(Object.keys(reference), options).map((column) => {
    if (!(column in current)) {
      throw new InvalidArgumentError(`current data has no column "${column}", which the reference has`, {
        field: `current.${column}`,
        reason: 'missing',
      });
    }
    return examineColumn(
      column,
      toColumnData(reference[column], `reference.${column}`),
      toColumnData(current[column], `current.${column}`),
      options,
    );
  });
  return concludeReport(findings, options, { reference: rowsOf(reference), current: rowsOf(current) });
}

function rowsOf(dataset: ColumnarDataset): number {
  const first = Object.values(dataset)[0];
  return first === undefined ? 0 : first.length;
}
