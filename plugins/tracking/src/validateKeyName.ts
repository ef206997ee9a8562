import { InvalidArgumentError } from '@mlops/plugin-api';
import { posixNormpath } from './posixNormpath.js';

/** Python's `\w` is Unicode-aware, so MLflow accepts letters and digits of any script. */
const validName = /^[/\p{L}\p{N}_.\- ]*$/u;

/** Which kind of key is checked; it only changes the wording of the messages, as in MLflow. */
export type KeyKind = 'metric' | 'parameter' | 'tag';

/**
 * MLflow's rule for metric, param and tag keys: alphanumerics, `_`, `-`, `.`, space and `/`, and
 * a name that stays itself when read as a relative file path (no `..`, no leading `/`, no `a//b`).
 * The length limit is checked separately, in MLflow's order.
 * @throws InvalidArgumentError naming `field`.
 */
export function validateKeyName(kind: KeyKind, name: unknown, field: string): asserts name is string {
  const label = kind[0]!.toUpperCase() + kind.slice(1);
  if (typeof name !== 'string') {
    throw new InvalidArgumentError(`${label} name cannot be None. A key name must be provided.`, {
      field,
      reason: 'missing',
    });
  }
  if (!validName.test(name)) {
    throw new InvalidArgumentError(
      `Invalid ${kind} name: '${name}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).`,
      { field, reason: 'bad_characters' },
    );
  }
  const normalized = posixNormpath(name);
  if (
    normalized !== name ||
    normalized === '.' ||
    normalized.startsWith('..') ||
    normalized.startsWith('/')
  ) {
    throw new InvalidArgumentError(
      `Invalid ${kind} name: '${name}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${normalized}'`,
      { field, reason: 'bad_path' },
    );
  }
}

/**
 * MLflow's length check: `<what> '<first 250 characters>' had length <n>, which exceeded length
 * limit of <limit>`.
 * @throws InvalidArgumentError naming `field`, also when `value` is not a string.
 */
export function validateLength(
  what: string,
  limit: number,
  value: unknown,
  field: string,
): asserts value is string {
  if (typeof value !== 'string') {
    throw new InvalidArgumentError(`${what} must be a string`, { field, reason: 'not_string' });
  }
  if (value.length > limit) {
    throw new InvalidArgumentError(
      `${what} '${value.slice(0, 250)}' had length ${value.length}, which exceeded length limit of ${limit}`,
      { field, reason: 'too_long' },
    );
  }
}
