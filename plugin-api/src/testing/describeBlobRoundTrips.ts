import { Readable } from 'node:stream';
import { buffer as readAll } from 'node:stream/consumers';
import { expect } from 'chai';
import type { BlobBody, BlobInfo } from '../ports/BlobStore.js';
import type { BlobStoreCaseContext } from './BlobStoreCaseContext.js';
import { chunksOf, readableOf, seededBytes, sha256Of } from './blobBodies.js';

const MiB = 1024 * 1024;

/** One kind of body: the bytes it stands for, and a fresh body each time it is called. */
interface BodyCase {
  readonly title: string;
  readonly bytes: Buffer;
  readonly body: () => BlobBody;
}

/** The bodies to round-trip; built on demand, so that importing the module costs nothing. */
function bodyCases(): readonly BodyCase[] {
  const text = 'héllo, wörld ✓ 😀\n';
  const small = seededBytes(200_000, 11);
  const medium = seededBytes(150_000, 12);
  const large = seededBytes(5 * MiB + 123, 13);
  return [
    { title: 'a Buffer', bytes: Buffer.from('hello, blob'), body: () => Buffer.from('hello, blob') },
    {
      title: 'a plain Uint8Array',
      bytes: Buffer.from([0, 1, 2, 255]),
      body: () => new Uint8Array([0, 1, 2, 255]),
    },
    { title: 'a string, stored as UTF-8', bytes: Buffer.from(text, 'utf8'), body: () => text },
    { title: 'a Readable stream', bytes: small, body: () => readableOf(small, 16 * 1024) },
    { title: 'an async iterable of Uint8Array chunks', bytes: medium, body: () => chunksOf(medium, 10_000) },
    { title: 'a 5 MiB streamed body', bytes: large, body: () => readableOf(large, 64 * 1024) },
    { title: 'an empty Buffer', bytes: Buffer.alloc(0), body: () => Buffer.alloc(0) },
    { title: 'an empty string', bytes: Buffer.alloc(0), body: () => '' },
    {
      title: 'an empty stream',
      bytes: Buffer.alloc(0),
      body: () => Readable.from([], { objectMode: false }),
    },
  ];
}

/** Checks `info` against the bytes written: key, size and sha256 by node:crypto, a recent date. */
export function expectInfoOf(info: BlobInfo, key: string, bytes: Buffer): void {
  expect(info.key).to.equal(key);
  expect(info.size).to.equal(bytes.length);
  expect(info.sha256).to.equal(sha256Of(bytes));
  expect(info.lastModified).to.be.instanceOf(Date);
  // A minute either way: S3 keeps whole seconds, and a test machine's clock may drift a little.
  expect(Math.abs(info.lastModified.getTime() - Date.now())).to.be.below(60_000);
}

/** Writing and reading whole objects: every body type, sizes and digests, overwrites, content types. */
export function describeBlobRoundTrips(ctx: BlobStoreCaseContext): void {
  describe('put, get and head', () => {
    bodyCases().forEach(({ title, bytes, body }, i) => {
      it(`stores ${title} and reads back the same bytes, size and sha256`, async () => {
        const key = ctx.key(`round-trip/${i}.bin`);
        const info = await ctx.store().put(key, body());
        expectInfoOf(info, key, bytes);
        const stream = await ctx.store().get(key);
        expect(stream).to.be.instanceOf(Readable);
        const read = await readAll(stream);
        expect(read.length).to.equal(bytes.length);
        expect(sha256Of(read)).to.equal(sha256Of(bytes));
        expectInfoOf(await ctx.store().head(key), key, bytes);
      });
    });

    it('replaces an object on a second put of the same key', async () => {
      const key = ctx.key('overwrite/model.bin');
      const first = seededBytes(30_000, 21);
      const second = seededBytes(12_345, 22);
      await ctx.store().put(key, first);
      const info = await ctx.store().put(key, readableOf(second, 4096));
      expectInfoOf(info, key, second);
      expect(sha256Of(await readAll(await ctx.store().get(key)))).to.equal(sha256Of(second));
      expectInfoOf(await ctx.store().head(key), key, second);
      const page = await ctx.store().list({ prefix: ctx.key('overwrite/') });
      expect(page.items.map((item) => [item.key, item.sha256])).to.deep.equal([[key, sha256Of(second)]]);
    });

    it('keeps the content type given on put', async () => {
      const key = ctx.key('content-type/metrics.json');
      const info = await ctx.store().put(key, '{"auc":0.91}', { contentType: 'application/json' });
      expect(info.contentType).to.equal('application/json');
      expect((await ctx.store().head(key)).contentType).to.equal('application/json');
    });

    it('accepts keys with dots, spaces and non-ASCII characters in their segments', async () => {
      const keys = [
        'dir/sub/model.v1.onnx',
        'with space/file name.txt',
        'ünïcødé/ファイル',
        '.hidden/.x',
        'a..b/c',
      ];
      for (const name of keys) {
        const key = ctx.key(`odd-keys/${name}`);
        await ctx.store().put(key, name);
        expect((await readAll(await ctx.store().get(key))).toString('utf8')).to.equal(name);
        expect((await ctx.store().head(key)).key).to.equal(key);
      }
    });
  });
}
