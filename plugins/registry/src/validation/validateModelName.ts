import { InvalidArgumentError } from '@mlops/plugin-api';

/** The longest registered model name (MLflow's column is 256 characters wide). */
export const maxModelNameLength = 256;

/**
 * Checks a registered model name: MLflow requires it non-empty; we also refuse `/`, `@` and
 * control characters, which would make `models:/<name>/<version>` and `models:/<name>@<alias>`
 * ambiguous.
 * @throws InvalidArgumentError naming `field`.
 */
export function validateModelName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError(`${field} must be a non-empty string`, { field });
  }
  if (name.length > maxModelNameLength) {
    throw new InvalidArgumentError(
      `${field} "${name.slice(0, 40)}..." is ${name.length} characters long; the limit is ${maxModelNameLength}`,
      { field, reason: 'too_long' },
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  if (/[/@\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidArgumentError(
      `${field} ${JSON.stringify(name)} must not contain "/", "@" or control characters`,
      { field, reason: 'bad_characters' },
    );
  }
  return name;
}
