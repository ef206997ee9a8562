import { InvalidArgumentError, type ModelVersion } from '@mlops/plugin-api';

/** The `ETag` of a version: its revision, quoted (`"3"`). */
export function versionETag(version: ModelVersion): string {
  return `"${version.revision}"`;
}

/**
 * The revision an `If-Match` header asks for: `"3"` gives 3; absent or `*` gives undefined (no
 * condition). A weak (`W/"3"`) or malformed tag, or a list of several, is refused: a version's
 * revision is one strong tag.
 * @throws InvalidArgumentError naming `If-Match`.
 */
export function ifMatchRevision(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): number | undefined {
  const raw = headers['if-match'];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw.join(', ') : raw).trim();
  if (value === '*') return undefined;
  const match = /^"([1-9][0-9]{0,15})"$/.exec(value);
  if (match === null) {
    throw new InvalidArgumentError(
      `If-Match ${JSON.stringify(value)} is not the ETag of a model version (one strong tag such as "3")`,
      { field: 'If-Match' },
    );
  }
  return Number(match[1]);
}
