/**
 * The alternative hypothesis of a two-sample test of A (reference) against B (current), with
 * scipy's meaning for `ks2samp`: `'two-sided'` (the distributions differ), `'less'` (A's CDF lies
 * below B's somewhere, i.e. A tends to larger values) or `'greater'` (A's CDF lies above B's
 * somewhere, i.e. A tends to smaller values).
 */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** A numeric sample: columns arrive as `Float64Array`; plain arrays are accepted too. */
export type Sample = Float64Array | readonly number[];

/** Counts per category of a categorical column, e.g. `new Map([['red', 10], ['blue', 3]])`. */
export type CategoryCounts = ReadonlyMap<string, number>;

/** The names a {@link TestResult} can carry, one per statistic this package computes. */
export type TestName =
  | 'ks'
  | 'chi2_contingency'
  | 'chi2_goodness_of_fit'
  | 'z_proportions'
  | 'wasserstein'
  | 'jensenshannon'
  | 'psi';

/**
 * A named effect size: how large the difference is, independent of the sample sizes (at large n
 * every p-value is tiny, so a report judges drift on this too).
 */
export interface EffectSize {
  /** What is measured: `'ks_d'`, `'cramers_v'`, `'cohens_h'`, `'wasserstein_normed'`, ... */
  readonly name: string;
  /** Its value. */
  readonly value: number;
}

/** The outcome of one two-sample comparison, with its effect size and both sample sizes. */
export interface TestResult {
  /** Which statistic this is. */
  readonly test: TestName;
  /** The test statistic (or the distance, for distances). */
  readonly statistic: number;
  /** The p-value; absent for distances. */
  readonly pValue?: number;
  /** The effect size beside the p-value. */
  readonly effectSize: EffectSize;
  /** Size of the reference sample (observations, or total count for categorical data). */
  readonly n1: number;
  /** Size of the current sample. */
  readonly n2: number;
}

/** Options of {@link ks2samp}, as scipy.stats.ks_2samp's `alternative` and `method`. */
export interface Ks2sampOptions {
  /** Default `'two-sided'`. */
  readonly alternative?: Alternative;
  /**
   * `'exact'` computes the exact null distribution, `'asymp'` the asymptotic one, `'auto'`
   * (default) is exact when max(n1, n2) <= 10000, as scipy does.
   */
  readonly method?: 'auto' | 'exact' | 'asymp';
}

/** The result of {@link ks2samp}. */
export interface Ks2sampResult extends TestResult {
  readonly test: 'ks';
  readonly pValue: number;
  /** The method that produced `pValue` (exact may fall back to asymp, as in scipy). */
  readonly method: 'exact' | 'asymp';
  /** The observation at which the statistic is attained (scipy's `statistic_location`). */
  readonly statisticLocation: number;
  /** +1 when the reference CDF exceeds the current one there, -1 otherwise (scipy's `statistic_sign`). */
  readonly statisticSign: 1 | -1;
  /**
   * Set when the requested exact computation was impossible and `'asymp'` was used instead: the
   * text of the RuntimeWarning scipy emits in the same case.
   */
  readonly warning?: string;
}

/** Options of {@link chi2Contingency}. */
export interface Chi2ContingencyOptions {
  /** Yates' continuity correction when the table has one degree of freedom (default `true`, as scipy). */
  readonly correction?: boolean;
}

/** The result of {@link chi2Contingency}. */
export interface Chi2ContingencyResult extends TestResult {
  readonly test: 'chi2_contingency';
  readonly pValue: number;
  /** Degrees of freedom, (rows - 1) * (columns - 1). */
  readonly dof: number;
  /** Expected frequencies under independence, same shape as the table. */
  readonly expected: number[][];
}

/** The result of a test with a p-value on categorical counts. */
export interface CategoricalTestResult extends TestResult {
  readonly test: 'chi2_goodness_of_fit' | 'z_proportions';
  readonly pValue: number;
}

/** Options of {@link psi}. */
export interface PsiOptions {
  /** Number of quantile bins of the reference (default 10). */
  readonly bins?: number;
  /** Proportion used in place of an empty bin's 0 (default 0.0001, as Evidently). */
  readonly epsilon?: number;
}

/** A multiple-testing correction across the columns of a report. */
export type PValueAdjustment = 'bonferroni' | 'benjamini-hochberg';
