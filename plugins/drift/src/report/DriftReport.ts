import type { PValueAdjustment, TestResult } from '../stats/types.js';
import type { ColumnType } from './ColumnData.js';
import type { ColumnTestName } from './DriftReportOptions.js';

/** Where a resolved setting came from (most specific first). */
export type SettingSource = 'column' | 'type' | 'all' | 'default';

/** A column's histogram: equal-width bins for numbers, categories for the rest, as counts. */
export type ColumnHistogram =
  | {
      readonly kind: 'numeric';
      /** Bin edges, one more than the counts; the last bin includes its upper edge. */
      readonly edges: number[];
      readonly reference: number[];
      readonly current: number[];
    }
  | {
      readonly kind: 'categorical';
      /** The most frequent categories of the reference, then of the current; the rest are `other`. */
      readonly categories: string[];
      readonly reference: number[];
      readonly current: number[];
      /** Counts of the categories not shown. */
      readonly otherReference: number;
      readonly otherCurrent: number;
    };

/** One column's verdict. */
export interface ColumnDrift {
  readonly column: string;
  readonly type: ColumnType;
  /** The test's result: statistic, p-value (for tests), effect size and sample sizes. */
  readonly result: TestResult;
  readonly test: ColumnTestName;
  readonly testSource: SettingSource;
  readonly threshold: number;
  readonly thresholdSource: SettingSource;
  /** The p-value after the report's correction across columns; absent for distances. */
  readonly adjustedPValue?: number;
  /** The number compared with the threshold: adjusted p-value, or the distance. */
  readonly score: number;
  readonly drifted: boolean;
  readonly histogram: ColumnHistogram;
}

/** A dataset drift report: a verdict per column and one for the dataset. */
export interface DriftReport {
  readonly columns: ColumnDrift[];
  readonly driftedColumns: string[];
  /** Drifted columns / compared columns (0 when none were compared). */
  readonly share: number;
  readonly driftShare: number;
  /** share >= driftShare (and at least one column compared). */
  readonly datasetDrift: boolean;
  readonly correction: PValueAdjustment | 'none';
  readonly referenceRows: number;
  readonly currentRows: number;
}
