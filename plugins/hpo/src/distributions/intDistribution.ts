import type { Distribution } from '../study/StudyStorage.js';
import { validateDistribution } from './validateDistribution.js';

/** Options of an integer parameter: a log scale, or a step (not both). */
export interface IntOptions {
  /** Sample on a log scale; `low` must then be at least 1. */
  log?: boolean;
  /** Only `low + k * step`; `high - low` must be a multiple of it. 1 by default. */
  step?: number;
}

/**
 * A validated integer distribution over [low, high].
 *
 * @throws InvalidArgumentError naming the parameter when a bound is not an integer, low > high,
 *   log with low < 1, log with a step other than 1, or a step that does not divide the range.
 */
export function intDistribution(
  name: string,
  low: number,
  high: number,
  options: IntOptions = {},
): Distribution {
  const dist: Distribution = { kind: 'int', low, high, log: options.log ?? false, step: options.step ?? 1 };
  validateDistribution(name, dist);
  return dist;
}
