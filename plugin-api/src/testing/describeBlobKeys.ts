import { buffer as readAll } from 'node:stream/consumers';
import { expect } from 'chai';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { BlobStore } from '../ports/BlobStore.js';
import type { BlobStoreCaseContext } from './BlobStoreCaseContext.js';
import { rejectionOf } from './rejectionOf.js';

/** Keys the port forbids: empty, absolute, with a `..` segment, an empty segment or NUL. */
const invalidKeys: readonly string[] = ['', '/a', 'a/../b', '..', 'a//b', 'a/', 'a\0b'];

const calls: readonly [string, (store: BlobStore, key: string) => Promise<unknown>][] = [
  ['put', (store, key) => store.put(key, 'x')],
  ['get', (store, key) => store.get(key)],
  ['head', (store, key) => store.head(key)],
  ['delete', (store, key) => store.delete(key)],
];

/** Key validation, missing keys and deletion. */
export function describeBlobKeys(ctx: BlobStoreCaseContext): void {
  describe('keys', () => {
    for (const [method, call] of calls) {
      it(`${method} refuses every invalid key with InvalidArgumentError on field "key"`, async () => {
        for (const key of invalidKeys) {
          const err = await rejectionOf(call(ctx.store(), key), `${method}(${JSON.stringify(key)})`);
          expect(err, `${method}(${JSON.stringify(key)})`).to.be.instanceOf(InvalidArgumentError);
          expect((err as InvalidArgumentError).details.field, `${method}(${JSON.stringify(key)})`).to.equal(
            'key',
          );
        }
      });
    }

    it('answers get and head of a missing key with NotFoundError naming the key', async () => {
      const key = ctx.key('missing/never-written.bin');
      for (const [what, call] of calls.slice(1, 3)) {
        const err = await rejectionOf(call(ctx.store(), key), `${what} of a missing key`);
        expect(err, what).to.be.instanceOf(NotFoundError);
        expect((err as NotFoundError).message, what).to.include(key);
      }
    });
  });

  describe('delete', () => {
    it('removes the object from get, head and list', async () => {
      const key = ctx.key('delete/a.txt');
      const kept = ctx.key('delete/b.txt');
      await ctx.store().put(key, 'gone soon');
      await ctx.store().put(kept, 'stays');
      await ctx.store().delete(key);
      expect(await rejectionOf(ctx.store().head(key), 'head after delete')).to.be.instanceOf(NotFoundError);
      expect(await rejectionOf(ctx.store().get(key), 'get after delete')).to.be.instanceOf(NotFoundError);
      const page = await ctx.store().list({ prefix: ctx.key('delete/') });
      expect(page.items.map((item) => item.key)).to.deep.equal([kept]);
      expect((await readAll(await ctx.store().get(kept))).toString()).to.equal('stays');
    });

    it('resolves for a missing key, and for a key deleted twice', async () => {
      const key = ctx.key('delete/twice.txt');
      await ctx.store().put(key, 'x');
      await ctx.store().delete(key);
      expect(await ctx.store().delete(key)).to.equal(undefined);
      expect(await ctx.store().delete(ctx.key('delete/never-written.txt'))).to.equal(undefined);
    });
  });
}
