import { InvalidArgumentError } from '@mlops/plugin-api';
import type { ColumnType } from './ColumnData.js';
import type { SettingSource } from './DriftReport.js';
import type { ColumnTestName, ColumnTestSettings, DriftReportOptions } from './DriftReportOptions.js';

/** The test and threshold chosen for one column, and where each came from. */
export interface ResolvedColumnTest {
  readonly test: ColumnTestName;
  readonly testSource: SettingSource;
  /** Where the test was set, as an options path (`columns.age.test`), for error messages. */
  readonly testField: string;
  readonly threshold: number;
  readonly thresholdSource: SettingSource;
}

/** What the automatic choice looks at. */
export interface ColumnFacts {
  readonly column: string;
  readonly type: ColumnType;
  /** Non-missing values in the reference. */
  readonly referenceSize: number;
  /** Distinct values over both sides, counted up to 6 (all the rule needs). */
  readonly distinct: number;
}

/** The tests that give a distance (drift when >= threshold) rather than a p-value (drift when <). */
export const distanceTests: ReadonlySet<ColumnTestName> = new Set(['wasserstein', 'jensenshannon', 'psi']);

/**
 * Evidently's automatic choice (docs.evidentlyai.com, "Data drift: how it works", and the
 * v0.1.50 release notes): with at most 1,000 reference values, KS for a numeric column with more
 * than 5 distinct values, a z-test of proportions for a column with at most 2, and a chi-square test
 * otherwise (the contingency-table test here; Evidently's goodness-of-fit variant is available
 * as `chi2_goodness_of_fit`); above 1,000, the normed Wasserstein distance for such numeric
 * columns and the Jensen-Shannon distance otherwise.
 */
export function automaticTest(facts: ColumnFacts): ColumnTestName {
  const numeric = facts.type === 'numeric' && facts.distinct > 5;
  if (facts.referenceSize <= 1000) {
    if (numeric) return 'ks';
    return facts.distinct <= 2 ? 'z_proportions' : 'chi2_contingency';
  }
  return numeric ? 'wasserstein' : 'jensenshannon';
}

/**
 * Resolves a column's test and threshold, each on its own: `columns[name]`, then the column's
 * type (`numeric` / `categorical`), then `all`, then the default (automatic test; 0.1 for a
 * distance, 0.05 for a p-value).
 */
export function resolveColumnTest(facts: ColumnFacts, options: DriftReportOptions): ResolvedColumnTest {
  const levels: [SettingSource, string, ColumnTestSettings | undefined][] = [
    ['column', `columns.${facts.column}`, options.columns?.[facts.column]],
    ['type', facts.type, options[facts.type]],
    ['all', 'all', options.all],
  ];
  const testLevel = levels.find(([, , s]) => s?.test !== undefined);
  const test = testLevel?.[2]?.test ?? automaticTest(facts);
  const thresholdLevel = levels.find(([, , s]) => s?.threshold !== undefined);
  const threshold = thresholdLevel?.[2]?.threshold ?? (distanceTests.has(test) ? 0.1 : 0.05);
  const testField = testLevel ? `${testLevel[1]}.test` : 'test';
  if (facts.type === 'categorical' && (test === 'ks' || test === 'wasserstein' || test === 'psi')) {
    throw new InvalidArgumentError(
      `${testField}: test "${test}" needs a numeric column, but "${facts.column}" is categorical`,
      { field: testField, reason: 'wrong_column_type' },
    );
  }
  return {
    test,
    testSource: testLevel?.[0] ?? 'default',
    testField,
    threshold,
    thresholdSource: thresholdLevel?.[0] ?? 'default',
  };
}
