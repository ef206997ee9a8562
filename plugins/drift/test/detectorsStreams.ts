import { mulberry32 } from '@mlops/stats';

/** A seeded uniform generator on [0, 1) (mulberry32): the same seed gives the same stream. */
export const seededUniform = mulberry32;

/** Normal values with mean `before` for `changeAt` values, then mean `after`, all with sd `sd`. */
export function shiftedNormalStream(
  seed: number,
  length: number,
  changeAt: number,
  before: number,
  after: number,
  sd = 1,
): number[] {
  const uniform = seededUniform(seed);
  const values: number[] = [];
  while (values.length < length) {
    // Box-Muller: two uniforms give two independent standard normals.
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    for (const z of [r * Math.cos(theta), r * Math.sin(theta)]) {
      if (values.length < length) values.push((values.length < changeAt ? before : after) + sd * z);
    }
  }
  return values;
}

/** 0/1 errors with rate `before` for `changeAt` values, then rate `after`. */
export function shiftedBernoulliStream(
  seed: number,
  length: number,
  changeAt: number,
  before: number,
  after: number,
): number[] {
  const uniform = seededUniform(seed);
  return Array.from({ length }, (_, i) => (uniform() < (i < changeAt ? before : after) ? 1 : 0));
}

/** The indices at which `detector` signalled drift while fed `values` in order. */
export function detectionsOf(
  detector: { update(x: number): { driftDetected: boolean } },
  values: readonly number[],
): number[] {
  const found: number[] = [];
  values.forEach((x, i) => {
    if (detector.update(x).driftDetected) found.push(i);
  });
  return found;
}
