import { InvalidArgumentError } from '@mlops/plugin-api';

/** Size, mean and unbiased variance of one validated sample. */
export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample variance with n - 1 in the denominator; exactly 0 when every value is the same. */
  variance: number;
}

/**
 * Validates one sample of a two-sample test and summarises it.
 *
 * @param field - the argument's name, used in messages and `details.field`.
 * @throws InvalidArgumentError when `values` is not array-like, has fewer than 2 values, holds
 *   a value that is not a finite number, or is so large that its moments overflow.
 */
export function summarizeSample(field: string, values: ArrayLike<number>): SampleSummary {
  if (values == null || typeof values.length !== 'number') {
    throw new InvalidArgumentError(`'${field}' must be an array of numbers, got ${String(values)}`, {
      field,
      reason: 'not_array',
    });
  }
  const n = values.length;
  if (n < 2) {
    throw new InvalidArgumentError(`'${field}' needs at least 2 values to estimate a variance, got ${n}`, {
      field,
      reason: 'too_few_values',
    });
  }
  let sum = 0;
  let constant = true;
  const first = values[0];
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const shown = typeof value === 'number' ? String(value) : `a ${value === null ? 'null' : typeof value}`;
      throw new InvalidArgumentError(
        `'${field}' must hold only finite numbers, but ${field}[${i}] is ${shown}`,
        {
          field,
          reason: 'not_finite',
          index: i,
        },
      );
    }
    sum += value;
    if (value !== first) constant = false;
  }
  // Zero variance is decided exactly (every value equal), not by a computed variance that
  // rounding could leave a hair above 0 and so turn "undefined t" into an enormous t.
  if (constant) return { n, mean: first as number, variance: 0 };
  // Corrected two-pass algorithm (Chan, Golub & LeVeque 1983): the second term removes the
  // rounding error of the first-pass mean, so large offsets do not eat the variance's digits.
  const roughMean = sum / n;
  let deviationSum = 0;
  let squareSum = 0;
  for (let i = 0; i < n; i++) {
    const deviation = (values[i] as number) - roughMean;
    deviationSum += deviation;
    squareSum += deviation * deviation;
  }
  const mean = roughMean + deviationSum / n;
  const variance = (squareSum - (deviationSum * deviationSum) / n) / (n - 1);
  if (!Number.isFinite(mean) || !Number.isFinite(variance)) {
    throw new InvalidArgumentError(
      `'${field}' holds values too large in magnitude: their mean or variance overflows a double`,
      { field, reason: 'overflow' },
    );
  }
  return { n, mean, variance };
}
