import { InvalidArgumentError } from '@mlops/plugin-api';

/** A keyset: the sort values of the last row of a page, which the next page starts after. */
export type Keyset = readonly (string | number | null)[];

/**
 * An opaque page token for `keyset`, tagged with `scope` so that a token of one query kind (or
 * one ordering) is refused by another. Numbers travel as strings, so ±Infinity survive JSON.
 */
export function encodePageToken(scope: string, keyset: Keyset): string {
  const values = keyset.map((v) => (typeof v === 'number' ? { n: String(v) } : v));
  return Buffer.from(JSON.stringify([scope, values]), 'utf8').toString('base64url');
}

/**
 * The keyset of a token made by {@link encodePageToken} with the same `scope` and `length`.
 * @throws InvalidArgumentError `invalid page token: ...` naming `field`.
 */
export function decodePageToken(token: string, scope: string, length: number, field = 'pageToken'): Keyset {
  const bad = (why: string) =>
    new InvalidArgumentError(`invalid page token: ${why}`, { field, reason: 'bad_page_token' });
  if (typeof token !== 'string') throw bad('expected a string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad('it was not made by this query');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !Array.isArray(parsed[1])) {
    throw bad('it was not made by this query');
  }
  if (parsed[0] !== scope) throw bad('it belongs to a query with another filter, order or key');
  const values = parsed[1] as unknown[];
  if (values.length !== length) throw bad('it belongs to a query with another order');
  return values.map((v) => {
    if (v === null || typeof v === 'string') return v;
    if (typeof v === 'object' && typeof (v as { n?: unknown }).n === 'string') {
      const n = Number((v as { n: string }).n);
      if (!Number.isNaN(n)) return n;
    }
    throw bad('it was not made by this query');
  });
}
