import { InvalidArgumentError } from '@mlops/plugin-api';

/** MLflow's column widths: descriptions 5000 characters, sources 500. */
export const maxDescriptionLength = 5000;
export const maxSourceLength = 500;

/**
 * Checks an optional free-text field (a description, a status message, a reason): a string of at
 * most `limit` characters, or undefined.
 * @throws InvalidArgumentError naming `field`.
 */
export function validateText(
  value: unknown,
  field: string,
  limit = maxDescriptionLength,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidArgumentError(`${field} must be a string`, { field });
  if (value.length > limit) {
    throw new InvalidArgumentError(`${field} is ${value.length} characters long; the limit is ${limit}`, {
      field,
      reason: 'too_long',
    });
  }
  return value;
}

/**
 * Checks a version's source URI: non-empty, at most 500 characters.
 * @throws InvalidArgumentError naming `source`.
 */
export function validateSource(source: unknown): string {
  if (typeof source !== 'string' || source === '') {
    throw new InvalidArgumentError('source must be a non-empty string (the URI of the model files)', {
      field: 'source',
    });
  }
  return validateText(source, 'source', maxSourceLength) as string;
}
