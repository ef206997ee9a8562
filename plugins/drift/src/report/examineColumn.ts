import { InvalidArgumentError } from '@mlops/plugin-api';
import type { TestResult } from '../stats/types.js';
import type { ColumnData } from './ColumnData.js';
import { columnHistogram } from './columnHistogram.js';
import { compareColumn, sizeOf } from './compareColumn.js';
import type { ColumnHistogram } from './DriftReport.js';
import type { DriftReportOptions } from './DriftReportOptions.js';
import { type ResolvedColumnTest, resolveColumnTest } from './resolveColumnTest.js';

/** A column's test outcome before the report's correction and verdict. */
export interface ColumnFinding {
  readonly column: string;
  readonly type: ColumnData['kind'];
  readonly resolved: ResolvedColumnTest;
  readonly result: TestResult;
  readonly histogram: ColumnHistogram;
}

/**
 * Chooses and runs the test of one column.
 * @throws InvalidArgumentError when a side has no values (`details.field` `reference.<column>` or
 * `current.<column>`), when the sides differ in type, or when the chosen test does not fit.
 */
export function examineColumn(
  column: string,
  reference: ColumnData,
  current: ColumnData,
  options: DriftReportOptions,
): ColumnFinding {
  if (reference.kind !== current.kind) {
    throw new InvalidArgumentError(
      `column "${column}" is ${reference.kind} in the reference but ${current.kind} in the current data`,
      { field: `current.${column}`, reason: 'type_mismatch' },
    );
  }
  for (const [side, data] of [
    ['reference', reference],
    ['current', current],
  ] as const) {
    if (sizeOf(data) === 0) {
      throw new InvalidArgumentError(`column "${column}" has no values in the ${side} data`, {
        field: `${side}.${column}`,
        reason: 'empty',
      });
    }
  }
  const resolved = resolveColumnTest(
    {
      column,
      type: reference.kind,
      referenceSize: sizeOf(reference),
      distinct: distinctUpTo6(reference, current),
    },
    options,
  );
  return {
    column,
    type: reference.kind,
    resolved,
    result: compareColumn(resolved.test, reference, current),
    histogram: columnHistogram(reference, current, options.histogramBins ?? 20),
  };
}

/** Distinct values over both sides, counting no further than 6 (the automatic rule's cut is 5). */
function distinctUpTo6(reference: ColumnData, current: ColumnData): number {
  const seen = new Set<string | number>();
  for (const side of [reference, current]) {
    if (side.kind === 'categorical') {
      for (const [key, n] of side.counts) if (n > 0) seen.add(key);
    } else {
      for (let i = 0; i < side.values.length && seen.size <= 5; i++) seen.add(side.values[i]!);
    }
    if (seen.size > 5) return 6;
  }
  return seen.size;
}
