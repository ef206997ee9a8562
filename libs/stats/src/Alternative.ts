/**
 * The alternative hypothesis of a test of A against B: `'two-sided'` (the means differ),
 * `'less'` (A's mean is less than B's) or `'greater'` (A's mean is greater than B's).
 */
export type Alternative = 'two-sided' | 'less' | 'greater';
