import { InvalidArgumentError } from '@mlops/plugin-api';

/**
 * An epoch-milliseconds field: a non-negative integer.
 * @throws InvalidArgumentError `<field> must be a non-negative integer (epoch milliseconds), got <value>`.
 */
export function validateTime(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      `${field} must be a non-negative integer (epoch milliseconds), got ${String(value)}`,
      { field, reason: 'bad_time' },
    );
  }
}
