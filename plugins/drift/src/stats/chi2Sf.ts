import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * Survival function of the chi-square distribution with `dof` degrees of freedom, P(X > x), as
 * scipy's `chi2.sf` (cephes `chdtrc`): the regularized upper incomplete gamma Q(dof/2, x/2),
 * computed directly so a tail of 1e-300 keeps its digits.
 */
export function chi2Sf(x: number, dof: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return gammainc(x / 2, dof / 2, true, true);
}
