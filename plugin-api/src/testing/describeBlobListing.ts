import { expect } from 'chai';
import type { BlobInfo, BlobStore, ListOptions } from '../ports/BlobStore.js';
import type { BlobStoreCaseContext } from './BlobStoreCaseContext.js';
import { sha256Of } from './blobBodies.js';

/** Every page of a listing, following `nextPageToken`; fails past `maxPages` (a token that never ends). */
async function listPages(store: BlobStore, options: ListOptions, maxPages: number): Promise<BlobInfo[][]> {
  const pages: BlobInfo[][] = [];
  let pageToken = options.pageToken;
  do {
    if (pages.length === maxPages) throw new Error(`listing did not end after ${maxPages} pages`);
    const page = await store.list({ ...options, pageToken });
    pages.push([...page.items]);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return pages;
}

/** Listing: prefix, ascending key order, and paging without duplicates or gaps. */
export function describeBlobListing(ctx: BlobStoreCaseContext): void {
  describe('list', () => {
    // ASCII names whose sorted order differs from a directory walk's: '-' < '/' < '0' in byte order.
    const names = ['b', 'a-b', 'a/b', 'a0', 'A', 'a/a/z', '_x'];
    const prefix = (): string => ctx.key('order/');
    before(async () => {
      for (const name of names) await ctx.store().put(prefix() + name, `body of ${name}`);
    });

    it('lists the keys under a prefix in ascending key order, with size and sha256', async () => {
      const page = await ctx.store().list({ prefix: prefix() });
      const sorted = [...names].sort().map((name) => prefix() + name);
      expect(page.items.map((item) => item.key)).to.deep.equal(sorted);
      expect(page.nextPageToken).to.equal(undefined);
      for (const item of page.items) {
        const body = Buffer.from(`body of ${item.key.slice(prefix().length)}`);
        expect(item.size, item.key).to.equal(body.length);
        expect(item.sha256, item.key).to.equal(sha256Of(body));
        expect(item.lastModified, item.key).to.be.instanceOf(Date);
      }
    });

    it('treats the prefix as a string prefix, not a folder', async () => {
      const page = await ctx.store().list({ prefix: `${prefix()}a` });
      expect(page.items.map((item) => item.key.slice(prefix().length))).to.deep.equal([
        'a-b',
        'a/a/z',
        'a/b',
        'a0',
      ]);
    });

    it('returns an empty last page for a prefix nothing matches', async () => {
      const page = await ctx.store().list({ prefix: ctx.key('order-none/') });
      expect(page.items).to.deep.equal([]);
      expect(page.nextPageToken).to.equal(undefined);
    });

    it('pages through pageToken with at most pageSize items, in order, without duplicates or gaps', async () => {
      const pages = await listPages(ctx.store(), { prefix: prefix(), pageSize: 3 }, 10);
      for (const page of pages) expect(page.length).to.be.at.most(3);
      const keys = pages.flat().map((item) => item.key);
      expect(keys).to.deep.equal([...names].sort().map((name) => prefix() + name));
    });

    it('keeps its place when keys change between pages: no duplicates, no untouched key lost', async () => {
      const base = ctx.key('paging-changes/');
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'].map((k) => base + k);
      for (const key of keys) await ctx.store().put(key, key);
      const first = await ctx.store().list({ prefix: base, pageSize: 3 });
      const listed = first.items.map((item) => item.key);
      expect(listed.length).to.be.within(1, 3);
      expect(listed).to.deep.equal(keys.slice(0, listed.length));
      expect(first.nextPageToken).to.be.a('string');
      // Deleting listed keys must not shift the rest (as an offset token would); a key added behind
      // the cursor must not bring back keys already listed.
      for (const key of listed) await ctx.store().delete(key);
      await ctx.store().put(`${base}k0`, 'new');
      const rest = await listPages(
        ctx.store(),
        { prefix: base, pageSize: 3, pageToken: first.nextPageToken },
        10,
      );
      const restKeys = rest.flat().map((item) => item.key);
      expect(restKeys.filter((key) => key !== `${base}k0`)).to.deep.equal(keys.slice(listed.length));
    });

    it('pages by 1000, the default pageSize, when none is given', async function () {
      if (this.timeout() !== 0) this.timeout(Math.max(this.timeout(), 120_000));
      const base = ctx.key('paging-default/');
      const keys = Array.from({ length: 1001 }, (_, i) => `${base}${String(i).padStart(4, '0')}`);
      for (let at = 0; at < keys.length; at += 50) {
        await Promise.all(keys.slice(at, at + 50).map((key) => ctx.store().put(key, 'x')));
      }
      const first = await ctx.store().list({ prefix: base });
      expect(first.items.length).to.equal(1000);
      expect(first.nextPageToken).to.be.a('string');
      const second = await ctx.store().list({ prefix: base, pageToken: first.nextPageToken });
      expect(second.items.map((item) => item.key)).to.deep.equal([keys[1000]]);
      expect(second.nextPageToken).to.equal(undefined);
    });
  });
}
