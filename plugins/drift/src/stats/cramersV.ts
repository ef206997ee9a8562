/**
 * Cramér's V of a contingency table from its uncorrected Pearson chi-square, as scipy's
 * `contingency.association(table, method='cramer')`: sqrt(chi2 / (N (min(r, c) - 1))), between
 * 0 (no association) and 1.
 */
export function cramersV(uncorrectedChi2: number, total: number, rows: number, columns: number): number {
  const k = Math.min(rows, columns) - 1;
  if (k <= 0 || total <= 0) return 0;
  return Math.sqrt(uncorrectedChi2 / total / k);
}
