import { randomBytes } from 'node:crypto';
import { FailedPreconditionError } from '../errors.js';
import type { BlobStore } from '../ports/BlobStore.js';
import type { BlobStoreCaseContext } from './BlobStoreCaseContext.js';
import type { BlobStoreTarget } from './BlobStoreTarget.js';
import { describeBlobIntegrity } from './describeBlobIntegrity.js';
import { describeBlobKeys } from './describeBlobKeys.js';
import { describeBlobListing } from './describeBlobListing.js';
import { describeBlobRanges } from './describeBlobRanges.js';
import { describeBlobRoundTrips } from './describeBlobRoundTrips.js';

/**
 * Defines a mocha suite, `BlobStore conformance: <name>`, that checks a store keeps every promise
 * of the BlobStore port: round trips of every body type with size and sha256, ranges, key rules,
 * NotFound, delete, ordered and paged listing, expected digests, atomic and concurrent puts, and
 * (with `corrupt`) DataLoss on a corrupted read. Call it at the top level of a mocha test file,
 * with chai installed. `open` runs once, before the cases; the objects they wrote (all under a
 * prefix of their own, `conformance-<random>/`, so a shared store will do) are deleted after them,
 * then `close` runs.
 * @throws FailedPreconditionError when called outside mocha (no global `describe`).
 * @example
 * describeBlobStoreConformance('storage-fs', async () => {
 *   const dir = await mkdtemp(join(tmpdir(), 'blobs-'));
 *   return {
 *     store: new FsBlobStore(dir),
 *     close: () => rm(dir, { recursive: true, force: true }),
 *     corrupt: (key) => appendFile(join(dir, key), 'x'),
 *   };
 * });
 */
export function describeBlobStoreConformance(name: string, open: () => Promise<BlobStoreTarget>): void {
  if (typeof describe !== 'function') {
    throw new FailedPreconditionError(
      `describeBlobStoreConformance("${name}") must run in a mocha test file: mocha's describe is not defined`,
      { reason: 'no_mocha' },
    );
  }
  const root = `conformance-${randomBytes(4).toString('hex')}/`;
  let target: BlobStoreTarget | undefined;
  const ctx: BlobStoreCaseContext = {
    target() {
      if (target === undefined) throw new Error(`the store "${name}" is not open: its open() failed`);
      return target;
    },
    store: () => ctx.target().store,
    key: (suffix) => root + suffix,
  };

  describe(`BlobStore conformance: ${name}`, function () {
    // Multi-MB bodies and 1001 small objects take a while on a real server.
    if (this.timeout() !== 0 && this.timeout() < 30_000) this.timeout(30_000);
    before(async () => {
      target = await open();
    });
    after(async () => {
      if (target === undefined) return;
      try {
        await deleteUnder(target.store, root);
      } finally {
        await target.close?.();
      }
    });
    describeBlobRoundTrips(ctx);
    describeBlobRanges(ctx);
    describeBlobKeys(ctx);
    describeBlobListing(ctx);
    describeBlobIntegrity(ctx);
  });
}

async function deleteUnder(store: BlobStore, prefix: string): Promise<void> {
  const keys: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.list({ prefix, pageToken });
    keys.push(...page.items.map((item) => item.key));
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  for (const key of keys) await store.delete(key);
}
