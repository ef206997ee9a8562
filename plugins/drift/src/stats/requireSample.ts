import { InvalidArgumentError } from '@mlops/plugin-api';
import type { Sample } from './types.js';

/**
 * Checks that `values` is a non-empty numeric sample without NaN (and, when `finite`, without
 * ±Infinity), so a missing value fails naming the field instead of turning a p-value into NaN.
 * @throws InvalidArgumentError with `details.field` = `field` (or `field[i]` for a bad value).
 */
export function requireSample(field: string, values: Sample, finite = false): void {
  if (!(values instanceof Float64Array) && !Array.isArray(values)) {
    throw new InvalidArgumentError(`${field} must be a Float64Array or an array of numbers`, {
      field,
      reason: 'not_a_sample',
    });
  }
  if (values.length === 0) {
    throw new InvalidArgumentError(`${field} must not be empty`, { field, reason: 'empty' });
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // `v - v` is 0 for finite numbers and NaN for NaN and ±Infinity: one comparison covers both.
    if (typeof v === 'number' && v - v === 0) continue;
    if (typeof v !== 'number' || Number.isNaN(v) || finite) {
      throw new InvalidArgumentError(
        `${field}[${i}] must be ${finite ? 'a finite number' : 'a number (not NaN)'}, got ${String(v)}`,
        { field: `${field}[${i}]`, reason: 'not_a_number' },
      );
    }
  }
}
