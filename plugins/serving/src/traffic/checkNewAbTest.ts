import { InvalidArgumentError, type NewAbTest } from '@mlops/plugin-api';

function fail(field: string, message: string): never {
  throw new InvalidArgumentError(`${field} ${message}`, { field });
}

const armName = /^[A-Za-z0-9_-]{1,32}$/;

/** A checked {@link NewAbTest} with its defaults filled. */
export type CheckedAbTest = Required<Omit<NewAbTest, 'standardDeviation'>> & { standardDeviation?: number };

/**
 * Checks an A/B test's input and fills its defaults (alpha 0.05, power 0.8, goal `increase`).
 * @throws InvalidArgumentError naming the field (`arms/1/version`, `minimumDetectableEffect`...).
 */
export function checkNewAbTest(input: NewAbTest): CheckedAbTest {
  if (input.metric !== 'rate' && input.metric !== 'mean') fail('metric', 'must be rate or mean');
  if (!Array.isArray(input.arms) || input.arms.length < 2) fail('arms', 'must list at least two arms');
  const names = new Set<string>();
  const versions = new Set<number>();
  input.arms.forEach((arm, i) => {
    if (typeof arm?.name !== 'string' || !armName.test(arm.name)) {
      fail(`arms/${i}/name`, 'must be 1 to 32 letters, digits, _ or -');
    }
    if (names.has(arm.name)) fail(`arms/${i}/name`, `"${arm.name}" names two arms`);
    if (!Number.isInteger(arm.version) || arm.version < 1)
      fail(`arms/${i}/version`, 'must be a positive integer');
    if (versions.has(arm.version)) fail(`arms/${i}/version`, `${arm.version} is served by two arms`);
    if (typeof arm.weight !== 'number' || !(arm.weight > 0 && Number.isFinite(arm.weight))) {
      fail(`arms/${i}/weight`, 'must be above 0');
    }
    names.add(arm.name);
    versions.add(arm.version);
  });
  const goal = input.goal ?? 'increase';
  if (goal !== 'increase' && goal !== 'decrease') fail('goal', 'must be increase or decrease');
  const alpha = input.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 0.5))
    fail('alpha', 'must be above 0 and below 0.5');
  const power = input.power ?? 0.8;
  if (typeof power !== 'number' || !(power >= 0.5 && power < 1))
    fail('power', 'must be at least 0.5 and below 1');
  const { baseline, minimumDetectableEffect: effect, standardDeviation } = input;
  if (typeof baseline !== 'number' || !Number.isFinite(baseline)) fail('baseline', 'must be a number');
  if (typeof effect !== 'number' || !(effect > 0 && Number.isFinite(effect))) {
    fail('minimumDetectableEffect', 'must be above 0');
  }
  if (input.metric === 'rate') {
    if (!(baseline > 0 && baseline < 1)) fail('baseline', 'must be a rate above 0 and below 1');
    const target = goal === 'increase' ? baseline + effect : baseline - effect;
    if (!(target > 0 && target < 1)) {
      fail('minimumDetectableEffect', `takes the rate from ${baseline} to ${target}, outside 0 to 1`);
    }
    if (standardDeviation !== undefined) fail('standardDeviation', 'is for mean metrics only');
  } else if (
    typeof standardDeviation !== 'number' ||
    !(standardDeviation > 0 && Number.isFinite(standardDeviation))
  ) {
    fail('standardDeviation', 'must be above 0 for a mean metric');
  }
  return {
    metric: input.metric,
    arms: input.arms.map((a) => ({ name: a.name, version: a.version, weight: a.weight })),
    baseline,
    minimumDetectableEffect: effect,
    ...(standardDeviation === undefined ? {} : { standardDeviation }),
    alpha,
    power,
    goal,
  };
}
