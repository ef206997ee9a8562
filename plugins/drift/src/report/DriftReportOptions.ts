import type { PValueAdjustment } from '../stats/types.js';

/** The tests a report can run on a column (the names of the `TestResult.test` they produce). */
export type ColumnTestName =
  | 'ks'
  | 'wasserstein'
  | 'psi'
  | 'chi2_contingency'
  | 'chi2_goodness_of_fit'
  | 'z_proportions'
  | 'jensenshannon';

/**
 * How one column, one type of column, or every column is tested. Either field may be left out to
 * fall back to the next level (see {@link DriftReportOptions}).
 */
export interface ColumnTestSettings {
  /** The test to run instead of the automatic choice. */
  readonly test?: ColumnTestName;
  /**
   * For a test with a p-value, the column drifts when p < threshold; for a distance (wasserstein,
   * jensenshannon, psi), when distance >= threshold.
   */
  readonly threshold?: number;
}

/**
 * Options of a drift report. Each column's test and threshold are resolved separately, the most
 * specific setting winning: `columns[name]`, then `numeric`/`categorical` (by the column's type),
 * then `all`, then the default (the automatic test, and that test's default threshold: 0.05 for a
 * p-value, 0.1 for a distance).
 */
export interface DriftReportOptions {
  /** Settings for every column. */
  readonly all?: ColumnTestSettings;
  /** Settings for numeric columns (those given as Float64Array, or inferred numeric from text). */
  readonly numeric?: ColumnTestSettings;
  /** Settings for categorical columns. */
  readonly categorical?: ColumnTestSettings;
  /** Settings per column name. */
  readonly columns?: Readonly<Record<string, ColumnTestSettings>>;
  /**
   * The dataset drifts when at least this share of the compared columns drift (default 0.5, as
   * Evidently's `drift_share`).
   */
  readonly driftShare?: number;
  /** Adjusts the p-values across columns before they are compared with thresholds (default none). */
  readonly correction?: PValueAdjustment | 'none';
  /** Only these columns (default: every column of the reference). */
  readonly include?: readonly string[];
  /** Columns left out (ids, timestamps, the target...). */
  readonly exclude?: readonly string[];
  /** Bins of each numeric column's histogram (default 20). */
  readonly histogramBins?: number;
}
