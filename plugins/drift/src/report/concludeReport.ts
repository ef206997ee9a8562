import { adjustPValues } from '../stats/adjustPValues.js';
import type { ColumnDrift, DriftReport } from './DriftReport.js';
import type { DriftReportOptions } from './DriftReportOptions.js';
import type { ColumnFinding } from './examineColumn.js';
import { distanceTests } from './resolveColumnTest.js';

/**
 * Applies the correction across the columns' p-values (distances are left alone), decides each
 * column against its threshold, and the dataset against `driftShare`.
 */
export function concludeReport(
  findings: readonly ColumnFinding[],
  options: DriftReportOptions,
  rows: { readonly reference: number; readonly current: number },
): DriftReport {
  const correction = options.correction ?? 'none';
  const driftShare = options.driftShare ?? 0.5;
  const tested = findings.filter((f) => !distanceTests.has(f.resolved.test));
  const raw = tested.map((f) => f.result.pValue ?? 1);
  const adjusted = correction === 'none' ? raw : adjustPValues(raw, correction);
  const adjustedOf = new Map(tested.map((f, i) => [f.column, adjusted[i]!]));
  const columns: ColumnDrift[] = findings.map((f) => {
    const isDistance = distanceTests.has(f.resolved.test);
    const score = isDistance ? f.result.statistic : adjustedOf.get(f.column)!;
    const drifted = isDistance ? score >= f.resolved.threshold : score < f.resolved.threshold;
    return {
      column: f.column,
      type: f.type,
      result: f.result,
      test: f.resolved.test,
      testSource: f.resolved.testSource,
      threshold: f.resolved.threshold,
      thresholdSource: f.resolved.thresholdSource,
      ...(isDistance ? {} : { adjustedPValue: score }),
      score,
      drifted,
      histogram: f.histogram,
    };
  });
  const driftedColumns = columns.filter((c) => c.drifted).map((c) => c.column);
  const share = columns.length === 0 ? 0 : driftedColumns.length / columns.length;
  return {
    columns,
    driftedColumns,
    share,
    driftShare,
    datasetDrift: columns.length > 0 && share >= driftShare,
    correction,
    referenceRows: rows.reference,
    currentRows: rows.current,
  };
}
