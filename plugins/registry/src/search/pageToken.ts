import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@mlops/plugin-api';

/** A keyset position: the sort values of the last row of the previous page. */
export type Keyset = readonly (string | number)[];

/**
 * A short digest of what a query sorts and filters by. A token carries it, so a token from one
 * query is refused by another instead of silently skipping rows.
 */
export function queryFingerprint(shape: unknown): string {
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 12);
}

/** The opaque token of the page after `keyset`. */
export function encodePageToken(keyset: Keyset, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ q: fingerprint, k: keyset }), 'utf8').toString('base64url');
}

/**
 * The keyset a token holds.
 * @throws InvalidArgumentError naming `pageToken` for a token this query did not return.
 */
export function decodePageToken(token: unknown, fingerprint: string, arity: number): Keyset {
  const refuse = (why: string) =>
    new InvalidArgumentError(`pageToken ${JSON.stringify(token)} ${why}`, { field: 'pageToken' });
  if (typeof token !== 'string' || token === '') throw refuse('is not a page token');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw refuse('is not a page token');
  }
  const { q, k } = (parsed ?? {}) as { q?: unknown; k?: unknown };
  if (
    !Array.isArray(k) ||
    k.length !== arity ||
    !k.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
  ) {
    throw refuse('is not a page token');
  }
  if (q !== fingerprint) throw refuse('was returned by another query (filter, order or view differ)');
  return k as Keyset;
}
