import { InvalidArgumentError } from '@mlops/plugin-api';

/**
 * `value` when it is an integer from 1 to `max`, `fallback` when undefined.
 * @throws InvalidArgumentError naming `field`.
 */
export function validateLimit(value: unknown, field: string, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(
      `${field} must be an integer from 1 to ${max}, got ${JSON.stringify(value)}`,
      {
        field,
      },
    );
  }
  return value;
}

/**
 * Checks an optional `expectedRevision`: undefined, or a positive integer.
 * @throws InvalidArgumentError naming `expectedRevision`.
 */
export function validateExpectedRevision(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      `expectedRevision must be a positive integer, got ${JSON.stringify(value)}`,
      {
        field: 'expectedRevision',
      },
    );
  }
  return value;
}
