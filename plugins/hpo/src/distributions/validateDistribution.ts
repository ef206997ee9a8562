import { InvalidArgumentError } from '@mlops/plugin-api';
import type { Distribution } from '../study/StudyStorage.js';

/** Steps are decimal fractions in practice (0.1, 0.05): allow the rounding error of float division. */
const STEP_TOLERANCE = 1e-8;

/**
 * Checks that `dist` is a well-formed distribution for parameter `name` (from user input, a store
 * or an HTTP body).
 *
 * @throws InvalidArgumentError with `field` = the parameter name and a message that says what is wrong.
 */
export function validateDistribution(name: string, dist: Distribution): void {
  const fail = (problem: string): never => {
    throw new InvalidArgumentError(`parameter "${name}": ${problem}`, { field: name });
  };
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError('a parameter name must be a non-empty string', { field: 'name' });
  }
  if (dist.kind === 'categorical') {
    if (!Array.isArray(dist.choices) || dist.choices.length === 0) fail('choices must be a non-empty array');
    const seen = new Set<unknown>();
    for (const choice of dist.choices) {
      const type = typeof choice;
      if (choice !== null && type !== 'number' && type !== 'string' && type !== 'boolean') {
        fail(`choice ${String(choice)} is a ${type}; choices must be numbers, strings, booleans or null`);
      }
      if (type === 'number' && !Number.isFinite(choice))
        fail(`choice ${String(choice)} is not a finite number`);
      if (seen.has(choice)) fail(`choice ${JSON.stringify(choice)} appears twice`);
      seen.add(choice);
    }
    return;
  }
  const { low, high, log } = dist;
  if (typeof low !== 'number' || !Number.isFinite(low)) fail(`low must be a finite number, got ${low}`);
  if (typeof high !== 'number' || !Number.isFinite(high)) fail(`high must be a finite number, got ${high}`);
  if (low > high) fail(`low (${low}) must not be greater than high (${high})`);
  if (dist.kind === 'int') {
    const step = dist.step;
    if (!Number.isInteger(low) || !Number.isInteger(high))
      fail(`low and high must be integers, got ${low} and ${high}`);
    if (!Number.isInteger(step) || step < 1) fail(`step must be a positive integer, got ${step}`);
    if (log && low < 1) fail(`a log scale needs low >= 1, got ${low}`);
    if (log && step !== 1) fail(`a log scale cannot have a step (got ${step})`);
    if ((high - low) % step !== 0) fail(`step ${step} does not divide the range [${low}, ${high}]`);
    return;
  }
  if (log && low <= 0) fail(`a log scale needs low > 0, got ${low}`);
  const step = dist.step;
  if (step !== undefined) {
    if (log) fail(`a log scale cannot have a step (got ${step})`);
    if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0)
      fail(`step must be a positive number, got ${step}`);
    const k = (high - low) / step;
    if (Math.abs(k - Math.round(k)) > STEP_TOLERANCE)
      fail(`step ${step} does not divide the range [${low}, ${high}]`);
  }
}
