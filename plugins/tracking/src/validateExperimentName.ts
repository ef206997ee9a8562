import { InvalidArgumentError } from '@mlops/plugin-api';
import { limits } from './limits.js';

/**
 * MLflow's experiment name rule: a non-empty string of at most 500 characters.
 * @throws InvalidArgumentError naming `field`.
 */
export function validateExperimentName(name: unknown, field = 'name'): asserts name is string {
  if (name === '' || name === undefined || name === null) {
    throw new InvalidArgumentError(`Invalid experiment name: '${name ?? 'None'}'`, {
      field,
      reason: 'empty',
    });
  }
  if (typeof name !== 'string') {
    throw new InvalidArgumentError(`Invalid experiment name: ${String(name)}. Expects a string.`, {
      field,
      reason: 'not_string',
    });
  }
  if (name.length > limits.experimentNameLength) {
    throw new InvalidArgumentError(
      `Experiment name exceeds the maximum length of ${limits.experimentNameLength} characters`,
      { field, reason: 'too_long' },
    );
  }
}
