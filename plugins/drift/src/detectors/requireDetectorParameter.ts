import { InvalidArgumentError } from '@mlops/plugin-api';

/**
 * Throws unless `value` is a number that `accepts` takes, so a bad detector parameter or snapshot
 * field fails where it is given rather than as a NaN a thousand updates later.
 * @throws InvalidArgumentError `<field> must be <expected>, got <value>` with `details.field`.
 */
export function requireDetectorParameter(
  field: string,
  value: unknown,
  expected: string,
  accepts: (value: number) => boolean,
): number {
  if (typeof value === 'number' && !Number.isNaN(value) && accepts(value)) return value;
  const shown = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  throw new InvalidArgumentError(`${field} must be ${expected}, got ${shown}`, {
    field,
    reason: 'out_of_range',
  });
}

/** Accepts integers of at least `min`. */
export const integerAtLeast =
  (min: number) =>
  (value: number): boolean =>
    Number.isInteger(value) && value >= min;

/** Accepts finite numbers. */
export const finite = (value: number): boolean => Number.isFinite(value);
