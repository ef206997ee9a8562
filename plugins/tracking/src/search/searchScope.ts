import { createHash } from 'node:crypto';

/**
 * The scope a page token is tagged with: a digest of everything that defines the result set and
 * its order, so a token is refused by a query it was not made for.
 */
export function searchScope(kind: string, query: unknown): string {
  return `${kind}:${createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16)}`;
}
