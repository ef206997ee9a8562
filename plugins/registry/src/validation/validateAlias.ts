import { InvalidArgumentError } from '@mlops/plugin-api';

/** The longest alias MLflow accepts. */
export const maxAliasLength = 255;

/**
 * Checks an alias name by MLflow's rules: alphanumerics, `_` and `-`, at most 255 characters;
 * `latest` (any case) is reserved, and so is `v<digits>`, which names a version.
 * @throws InvalidArgumentError naming `alias`.
 */
export function validateAlias(alias: unknown): string {
  const field = 'alias';
  if (typeof alias !== 'string' || alias === '') {
    throw new InvalidArgumentError('alias must be a non-empty string', { field });
  }
  if (!/^[\w-]+$/.test(alias)) {
    throw new InvalidArgumentError(
      `alias ${JSON.stringify(alias)} may only contain alphanumerics, underscores (_) and dashes (-)`,
      { field, reason: 'bad_characters' },
    );
  }
  if (alias.length > maxAliasLength) {
    throw new InvalidArgumentError(
      `alias is ${alias.length} characters long; the limit is ${maxAliasLength}`,
      {
        field,
        reason: 'too_long',
      },
    );
  }
  if (alias.toLowerCase() === 'latest') {
    throw new InvalidArgumentError(`alias "${alias}" is reserved (latest, in any case)`, {
      field,
      reason: 'reserved',
    });
  }
  if (/^[vV]\d+$/.test(alias)) {
    throw new InvalidArgumentError(`alias "${alias}" is reserved: v<number> names a version`, {
      field,
      reason: 'reserved',
    });
  }
  return alias;
}
