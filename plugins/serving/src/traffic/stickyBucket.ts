/** Buckets of {@link stickyBucket}: 10,000, so a share is resolved to 0.01%. */
export const stickyBuckets = 10_000;

/**
 * The bucket, in [0, 10,000), of a sticky key (the `x-request-key` header, a request parameter or
 * the request id): FNV-1a over the UTF-16 code units, then MurmurHash3's 32-bit finaliser, whose
 * avalanche spreads keys that differ in one character (`user-1`, `user-2`) evenly. Stable across
 * processes and versions, so one key always lands on one side.
 */
export function stickyBucket(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % stickyBuckets;
}
