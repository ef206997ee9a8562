import { normalPpf } from '@mlops/stats';

/** What {@link abSampleSize} needs: the test's design. */
export interface AbDesign {
  readonly metric: 'rate' | 'mean';
  /** The control's expected rate or mean. */
  readonly baseline: number;
  /** Absolute difference to detect. */
  readonly minimumDetectableEffect: number;
  /** For `mean`: the expected standard deviation of an outcome (the same in every arm). */
  readonly standardDeviation?: number;
  /** Two-sided significance level of one comparison. */
  readonly alpha: number;
  readonly power: number;
  /** For rates: whether the effect to detect is a rise (default) or a fall from the baseline. */
  readonly goal?: 'increase' | 'decrease';
}

/**
 * Outcomes per arm for a two-sided, fixed-horizon comparison of two equal arms, rounded up.
 *
 * Rates (Fleiss, Levin & Paik, *Statistical Methods for Rates and Proportions*, 3rd ed., 2003,
 * §4.2, without the continuity correction; the same as Chow, Shao & Wang, *Sample Size
 * Calculations in Clinical Research*, §4.2), with p1 = baseline, p2 = baseline ± effect (by the goal) and
 * p̄ = (p1 + p2) / 2:
 *   n = (z(1-α/2)·√(2·p̄(1-p̄)) + z(power)·√(p1(1-p1) + p2(1-p2)))² / (p2 - p1)²
 * — the pooled variance under the null hypothesis, as the pooled z-test that judges the test.
 *
 * Means (the normal-approximation formula, as statsmodels' NormalIndPower with effect size δ/σ):
 *   n = 2·σ²·(z(1-α/2) + z(power))² / δ²
 */
export function abSampleSize(design: AbDesign): number {
  const zAlpha = normalPpf(1 - design.alpha / 2);
  const zPower = normalPpf(design.power);
  const delta = design.minimumDetectableEffect;
  if (design.metric === 'mean') {
    const sd = design.standardDeviation!;
    return Math.ceil((2 * sd * sd * (zAlpha + zPower) ** 2) / (delta * delta));
  }
  const p1 = design.baseline;
  const p2 = design.baseline + (design.goal === 'decrease' ? -delta : delta);
  const pBar = (p1 + p2) / 2;
  const root = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / (delta * delta));
}
