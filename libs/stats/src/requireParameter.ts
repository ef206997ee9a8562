import { InvalidArgumentError } from '@mlops/plugin-api';

/** What a numeric parameter of a distribution function may be. */
export type ParameterDomain = 'number' | 'finite' | 'positive' | 'positiveFinite' | 'probability';

const expected: Record<ParameterDomain, string> = {
  number: 'a number',
  finite: 'a finite number',
  positive: 'a number greater than 0',
  positiveFinite: 'a finite number greater than 0',
  probability: 'a probability between 0 and 1',
};

function accepts(domain: ParameterDomain, value: number): boolean {
  switch (domain) {
    case 'number':
      return !Number.isNaN(value);
    case 'finite':
      return Number.isFinite(value);
    case 'positive':
      return value > 0;
    case 'positiveFinite':
      return value > 0 && Number.isFinite(value);
    case 'probability':
      return value >= 0 && value <= 1;
  }
}

/**
 * Throws when `value` is outside `domain`, so a bad argument fails loudly instead of turning
 * into a NaN several calls later.
 *
 * @throws InvalidArgumentError with `details.field` = `field`.
 */
export function requireParameter(field: string, value: number, domain: ParameterDomain): void {
  if (typeof value === 'number' && accepts(domain, value)) return;
  throw new InvalidArgumentError(`${field} must be ${expected[domain]}, got ${String(value)}`, {
    field,
    reason: 'out_of_range',
  });
}
