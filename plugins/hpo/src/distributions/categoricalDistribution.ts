import type { Distribution, ParamValue } from '../study/StudyStorage.js';
import { validateDistribution } from './validateDistribution.js';

/**
 * A validated categorical distribution over `choices` (numbers, strings, booleans or null).
 *
 * @throws InvalidArgumentError naming the parameter when there is no choice, a choice is of
 *   another type or not finite, or a choice appears twice.
 */
export function categoricalDistribution(name: string, choices: readonly ParamValue[]): Distribution {
  const dist: Distribution = { kind: 'categorical', choices: [...choices] };
  validateDistribution(name, dist);
  return dist;
}
