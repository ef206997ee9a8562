import gammaDeltaRatio from '@stdlib/math-base-special-gamma-delta-ratio';

/**
 * The far tail of Student's t distribution, where stdlib cannot go: its CDF and quantile pass
 * through w = df / (df + x²), which turns subnormal and then 0 once |x| passes about 1e154·√df
 * (for df = 1, tail probabilities below 3e-155), giving a tail of 0 and a quantile of Infinity.
 * Beyond |x| = 1e150·√df the density's power law is exact to double precision:
 * P(T < -x) = (c / x)^df, with c^df = df^((df+1)/2) · Γ((df+1)/2) / (df · √(df·π) · Γ(df/2)),
 * the next term being smaller by a factor of order df/x² < 1e-300. (Only df below 3 reach it
 * with a probability a double can hold.)
 */
export const studentTPowerTail = {
  /** |x| from which the power law is used instead of stdlib, for `df` degrees of freedom. */
  from(df: number): number {
    return 1e150 * Math.sqrt(df);
  },
  /** P(T < -x) for x >= from(df). */
  probability(x: number, df: number): number {
    return (scale(df) / x) ** df;
  },
  /** The x with P(T < -x) = tail, when it is at least from(df). */
  quantile(tail: number, df: number): number {
    return scale(df) * tail ** (-1 / df);
  },
};

/** c above, written so that nothing overflows for large df: the df-th root taken factor by factor. */
function scale(df: number): number {
  return (
    df ** ((df + 1) / (2 * df)) * (df * Math.sqrt(df * Math.PI) * gammaDeltaRatio(df / 2, 0.5)) ** (-1 / df)
  );
}
