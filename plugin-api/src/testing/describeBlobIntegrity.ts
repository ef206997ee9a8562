import { buffer as readAll } from 'node:stream/consumers';
import { expect } from 'chai';
import { DataLossError, NotFoundError } from '../errors.js';
import type { BlobStoreCaseContext } from './BlobStoreCaseContext.js';
import { chunksOf, readableOf, seededBytes, sha256Of } from './blobBodies.js';
import { rejectionOf } from './rejectionOf.js';

/** Checksums and atomicity: wrong digests, failing bodies, concurrent writers, corrupt objects. */
export function describeBlobIntegrity(ctx: BlobStoreCaseContext): void {
  describe('integrity', () => {
    it('refuses a put whose bytes differ from the expected sha256 with DataLossError, storing nothing', async () => {
      const key = ctx.key('integrity/wrong-sha.bin');
      const bytes = seededBytes(70_000, 41);
      const wrong = sha256Of(Buffer.from('something else'));
      const err = await rejectionOf(
        ctx.store().put(key, readableOf(bytes, 8192), { sha256: wrong }),
        'a put with a wrong sha256',
      );
      expect(err).to.be.instanceOf(DataLossError);
      expect(await rejectionOf(ctx.store().head(key), 'head after the refused put')).to.be.instanceOf(
        NotFoundError,
      );
      const page = await ctx.store().list({ prefix: ctx.key('integrity/wrong-sha') });
      expect(page.items).to.deep.equal([]);
    });

    it('keeps the old object when a put over it has the wrong sha256', async () => {
      const key = ctx.key('integrity/wrong-sha-overwrite.txt');
      await ctx.store().put(key, 'version 1');
      const err = await rejectionOf(
        ctx.store().put(key, 'version 2', { sha256: sha256Of(Buffer.from('version 3')) }),
        'an overwrite with a wrong sha256',
      );
      expect(err).to.be.instanceOf(DataLossError);
      expect((await readAll(await ctx.store().get(key))).toString()).to.equal('version 1');
      expect((await ctx.store().head(key)).sha256).to.equal(sha256Of(Buffer.from('version 1')));
    });

    it('accepts a put whose expected sha256 matches', async () => {
      const key = ctx.key('integrity/right-sha.bin');
      const bytes = seededBytes(10_000, 42);
      const info = await ctx.store().put(key, bytes, { sha256: sha256Of(bytes) });
      expect(info.sha256).to.equal(sha256Of(bytes));
      expect(sha256Of(await readAll(await ctx.store().get(key)))).to.equal(sha256Of(bytes));
    });

    it('keeps the old object when the body fails halfway through a put', async () => {
      const key = ctx.key('integrity/failing-body.txt');
      await ctx.store().put(key, 'version 1');
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield new Uint8Array(seededBytes(50_000, 43));
        throw new Error('the upload was cut off');
      }
      await rejectionOf(ctx.store().put(key, failing()), 'a put whose body fails');
      expect((await readAll(await ctx.store().get(key))).toString()).to.equal('version 1');
      expect((await ctx.store().head(key)).size).to.equal('version 1'.length);
    });

    it('serves the old object, whole, to a reader while a put over it is in flight', async () => {
      const key = ctx.key('integrity/read-during-put.bin');
      const old = seededBytes(40_000, 44);
      const next = seededBytes(60_000, 45);
      await ctx.store().put(key, old);
      let release = (): void => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      async function* slow(): AsyncGenerator<Uint8Array> {
        yield new Uint8Array(next.subarray(0, 20_000));
        await released;
        yield new Uint8Array(next.subarray(20_000));
      }
      const writing = ctx.store().put(key, slow());
      try {
        const during = await readAll(await ctx.store().get(key));
        expect(sha256Of(during)).to.equal(sha256Of(old));
      } finally {
        release();
      }
      const written = await writing;
      expect(written.sha256).to.equal(sha256Of(next));
      expect(written.size).to.equal(next.length);
      expect(sha256Of(await readAll(await ctx.store().get(key)))).to.equal(sha256Of(next));
    });

    it('leaves one whole version after concurrent puts of the same key, never a mix', async () => {
      const key = ctx.key('integrity/concurrent.bin');
      const versions = [1, 2, 3, 4].map((seed) => seededBytes(256 * 1024 + seed * 1000, 50 + seed));
      const digests = versions.map((bytes) => sha256Of(bytes));
      await Promise.all(versions.map((bytes) => ctx.store().put(key, chunksOf(bytes, 16 * 1024))));
      const read = await readAll(await ctx.store().get(key));
      expect(digests).to.include(sha256Of(read));
      const info = await ctx.store().head(key);
      expect(info.sha256).to.equal(sha256Of(read));
      expect(info.size).to.equal(read.length);
    });

    it('fails a full read of a corrupted object with DataLossError, never serving it silently', async function () {
      const { corrupt } = ctx.target();
      // Only the implementation can reach its stored bytes out of band; without `corrupt` this cannot run.
      if (corrupt === undefined) this.skip();
      const key = ctx.key('integrity/corrupted.bin');
      await ctx.store().put(key, seededBytes(100_000, 46));
      await corrupt.call(ctx.target(), key);
      const err = await rejectionOf(
        ctx
          .store()
          .get(key)
          .then((stream) => readAll(stream)),
        'a full read of a corrupted object',
      );
      expect(err).to.be.instanceOf(DataLossError);
    });
  });
}
