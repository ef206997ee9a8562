import type { AbArmResult, AbComparison, AbTest, AbTestReport } from '@mlops/plugin-api';
import { welchTTest } from '@mlops/stats';
import { twoProportionZTest } from './twoProportionZTest.js';

function armResult(name: string, version: number, assigned: number, values: readonly number[]): AbArmResult {
  const n = values.length;
  const mean = n === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / n;
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return {
    name,
    version,
    assigned,
    outcomes: n,
    mean,
    standardDeviation: n < 2 ? 0 : Math.sqrt(squares / (n - 1)),
  };
}

function compare(
  test: AbTest,
  control: AbArmResult,
  arm: AbArmResult,
  outcomes: ReadonlyMap<string, readonly number[]>,
  alpha: number,
): AbComparison {
  const controlValues = outcomes.get(control.name)!;
  const armValues = outcomes.get(arm.name)!;
  const relative = (effect: number) => (control.mean === 0 ? Number.NaN : effect / control.mean);
  if (test.metric === 'rate') {
    const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
    const z = twoProportionZTest(
      sum(controlValues),
      controlValues.length,
      sum(armValues),
      armValues.length,
      1 - alpha,
    );
    return {
      arm: arm.name,
      control: control.name,
      effect: z.difference,
      relativeEffect: relative(z.difference),
      standardizedEffect: z.cohenH,
      statistic: z.statistic,
      pValue: z.pValue,
      confidenceInterval: z.confidenceInterval,
      significant: z.pValue < alpha,
    };
  }
  const t = welchTTest(armValues, controlValues, { confidenceLevel: 1 - alpha });
  return {
    arm: arm.name,
    control: control.name,
    effect: t.meanDifference,
    relativeEffect: relative(t.meanDifference),
    standardizedEffect: t.hedgesG,
    statistic: t.statistic,
    pValue: t.pValue,
    confidenceInterval: t.confidenceInterval,
    significant: t.pValue < alpha,
  };
}

/**
 * The report of an A/B test from its assignments and outcomes. Every arm other than the first
 * (the control) is compared with the control at alpha / (arms - 1) (Bonferroni), and only once
 * every arm has `sampleSizePerArm` outcomes: before that the conclusion is `not enough data`, so
 * looking early cannot produce a false winner.
 */
export function abTestReport(
  test: AbTest,
  assigned: ReadonlyMap<string, number>,
  outcomes: ReadonlyMap<string, readonly number[]>,
): AbTestReport {
  const arms = test.arms.map((a) =>
    armResult(a.name, a.version, assigned.get(a.name) ?? 0, outcomes.get(a.name) ?? []),
  );
  const alphaPerComparison = test.alpha / (arms.length - 1);
  const short = arms.filter((a) => a.outcomes < test.sampleSizePerArm);
  const base = { test, arms, alphaPerComparison };
  if (short.length > 0) {
    const missing = short.map((a) => `arm "${a.name}" has ${a.outcomes}`).join(', ');
    return {
      ...base,
      enoughData: false,
      conclusion: `not enough data: ${missing} of the ${test.sampleSizePerArm} outcomes each arm needs`,
      comparisons: [],
    };
  }
  const [control, ...others] = arms as [AbArmResult, ...AbArmResult[]];
  const comparisons = others.map((arm) => compare(test, control, arm, outcomes, alphaPerComparison));
  const sign = test.goal === 'increase' ? 1 : -1;
  const better = comparisons.filter((c) => c.significant && sign * c.effect > 0);
  const best = better.sort((a, b) => sign * (b.effect - a.effect))[0];
  const controlWins = comparisons.every((c) => c.significant && sign * c.effect < 0);
  const winner = best?.arm ?? (controlWins ? control.name : undefined);
  const conclusion =
    best !== undefined
      ? `arm "${best.arm}" is significantly better than the control "${control.name}" (p = ${best.pValue.toPrecision(3)})`
      : controlWins
        ? `the control "${control.name}" is significantly better than every other arm`
        : `no arm is significantly better than the control "${control.name}"`;
  return { ...base, enoughData: true, conclusion, comparisons, ...(winner === undefined ? {} : { winner }) };
}
