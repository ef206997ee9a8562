import type { Distribution } from '../study/StudyStorage.js';
import { validateDistribution } from './validateDistribution.js';

/** Options of a float parameter: a log scale, or a step (not both). */
export interface FloatOptions {
  /** Sample on a log scale; `low` must then be positive. */
  log?: boolean;
  /** Only multiples of `step` from `low`; `high - low` must be a multiple of it. */
  step?: number;
}

/**
 * A validated float distribution over [low, high].
 *
 * @throws InvalidArgumentError naming the parameter when low > high, log with low <= 0, log with
 *   a step, or a step that is not positive or does not divide the range.
 */
export function floatDistribution(
  name: string,
  low: number,
  high: number,
  options: FloatOptions = {},
): Distribution {
  const dist: Distribution =
    options.step === undefined
      ? { kind: 'float', low, high, log: options.log ?? false }
      : { kind: 'float', low, high, log: options.log ?? false, step: options.step };
  validateDistribution(name, dist);
  return dist;
}
