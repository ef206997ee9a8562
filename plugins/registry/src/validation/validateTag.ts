import { InvalidArgumentError } from '@mlops/plugin-api';

/** MLflow's limits for registry tags. */
export const maxTagKeyLength = 250;
export const maxTagValueLength = 5000;

/**
 * Checks a tag key and value by MLflow's rules for registry tags: the key non-empty, at most 250
 * characters of alphanumerics, `_`, `-`, `.`, space, `:` and `/`, and not a path that normalises
 * to another name (`a//b`, `../a`); the value a string of at most 5000 characters.
 * @throws InvalidArgumentError naming `<field>.key` / `<field>.value` (`key` / `value` when `field` is empty).
 */
export function validateTag(key: unknown, value: unknown, field = ''): void {
  const keyField = field === '' ? 'key' : `${field}.key`;
  const valueField = field === '' ? 'value' : `${field}.value`;
  if (typeof key !== 'string' || key === '') {
    throw new InvalidArgumentError(`${keyField} must be a non-empty string`, { field: keyField });
  }
  if (!/^[/\w.\- :]*$/.test(key)) {
    throw new InvalidArgumentError(
      `${keyField} ${JSON.stringify(key)} may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)`,
      { field: keyField, reason: 'bad_characters' },
    );
  }
  if (key.length > maxTagKeyLength) {
    throw new InvalidArgumentError(
      `${keyField} is ${key.length} characters long; the limit is ${maxTagKeyLength}`,
      {
        field: keyField,
        reason: 'too_long',
      },
    );
  }
  const segments = key.split('/');
  if (key.startsWith('/') || segments.some((s, i) => s === '..' || s === '.' || (s === '' && i > 0))) {
    throw new InvalidArgumentError(`${keyField} ${JSON.stringify(key)} is not a normalised path`, {
      field: keyField,
      reason: 'bad_path',
    });
  }
  if (typeof value !== 'string') {
    throw new InvalidArgumentError(`${valueField} of tag "${key}" must be a string`, { field: valueField });
  }
  if (value.length > maxTagValueLength) {
    throw new InvalidArgumentError(
      `${valueField} of tag "${key}" is ${value.length} characters long; the limit is ${maxTagValueLength}`,
      { field: valueField, reason: 'too_long' },
    );
  }
}

/** Checks every tag of a create input, naming `tags.<key>` in errors. */
export function validateTags(tags: unknown): Readonly<Record<string, string>> {
  if (tags === undefined) return {};
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw new InvalidArgumentError('tags must be an object of string values', { field: 'tags' });
  }
  for (const [key, value] of Object.entries(tags)) validateTag(key, value, `tags[${JSON.stringify(key)}]`);
  return tags as Readonly<Record<string, string>>;
}
