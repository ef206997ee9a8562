import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer as readAll } from 'node:stream/consumers';
import type { MultipartUpload } from '@mlops/plugin-api';
import { expect } from 'chai';
import { openFsStorage } from '../src/index.js';
import { sweepLeftovers } from '../src/sweepLeftovers.js';
import { startFixture } from './startFixture.js';
import { filesUnder, type TempStorage, tempStorage } from './tempStorage.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const oldBytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) & 0xff));

/** The files in `tmp/` with their sizes. */
async function tempFiles(storage: TempStorage): Promise<{ name: string; size: number }[]> {
  const names = await readdir(storage.layout.tmp);
  return Promise.all(
    names.map(async (name) => ({ name, size: (await stat(join(storage.layout.tmp, name))).size })),
  );
}

/** What a fresh store on the same root must show after the kill: the old object, whole, alone. */
async function expectOldObjectIntact(storage: TempStorage, key: string): Promise<void> {
  const { store } = await openFsStorage({ root: storage.root, fsync: true });
  const read = await readAll(await store.get(key));
  expect(sha256(read)).to.equal(sha256(oldBytes));
  expect((await store.head(key)).size).to.equal(oldBytes.length);
  const page = await store.list({ prefix: 'crash/' });
  expect(page.items.map((item) => [item.key, item.sha256])).to.deep.equal([[key, sha256(oldBytes)]]);
  expect(await filesUnder(storage.layout.objects)).to.deep.equal(['crash~/model.bin']);
}

describe('crash safety (SIGKILL mid-write)', function () {
  this.timeout(60_000);
  let storage: TempStorage;
  beforeEach(async () => {
    storage = await tempStorage();
    await storage.store.put('crash/model.bin', oldBytes);
  });
  afterEach(() => storage.remove());

  it('keeps the old object when a put of 64 MiB over it is killed halfway', async () => {
    const fixture = startFixture('slowPut', [storage.root, 'crash/model.bin']);
    await fixture.line('halfway');
    fixture.child.kill('SIGKILL');
    expect(await fixture.exited).to.equal('SIGKILL');

    const leftovers = await tempFiles(storage);
    expect(leftovers.length).to.equal(1);
    expect(leftovers[0]?.name).to.match(/\.object$/);
    expect(leftovers[0]?.size).to.be.at.least(31 * 1024 * 1024);
    await expectOldObjectIntact(storage, 'crash/model.bin');

    // Too young to sweep at start (another process may still be writing it); swept once old.
    expect(await tempFiles(storage)).to.have.length(1);
    expect(await sweepLeftovers(storage.layout, 0)).to.equal(1);
    expect(await readdir(storage.layout.tmp)).to.deep.equal([]);
  });

  it('keeps the old object when a multipart complete over it is killed midway, and completes again', async () => {
    const fixture = startFixture('slowComplete', [storage.root, 'crash/model.bin']);
    const line = await fixture.line('completing ');
    const upload = JSON.parse(line.slice('completing '.length)) as MultipartUpload;
    // The object's temp file appears when complete starts to join the parts; it is renamed away
    // (committed) only after all 128 MiB are written and fsynced.
    for (;;) {
      if ((await tempFiles(storage)).some((file) => file.name.endsWith('.object'))) break;
      if (fixture.child.exitCode !== null) throw new Error('the child finished before it could be killed');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    fixture.child.kill('SIGKILL');
    expect(await fixture.exited).to.equal('SIGKILL');

    expect((await tempFiles(storage)).map((file) => file.name)).to.satisfy((names: string[]) =>
      names.some((name) => name.endsWith('.object')),
    );
    await expectOldObjectIntact(storage, 'crash/model.bin');

    const { store, uploads } = await openFsStorage({ root: storage.root, fsync: true });
    const parts = await uploads.listParts(upload);
    expect(parts.map((part) => [part.partNumber, part.size])).to.deep.equal(
      [1, 2, 3, 4].map((n) => [n, 32 << 20]),
    );
    const info = await uploads.complete(upload, parts);
    const expected = createHash('sha256');
    for (let n = 1; n <= 4; n++) expected.update(Buffer.alloc(32 << 20, n));
    expect(info.sha256).to.equal(expected.digest('hex'));
    const read = createHash('sha256');
    for await (const chunk of await store.get('crash/model.bin')) read.update(chunk as Buffer);
    expect(read.digest('hex')).to.equal(info.sha256);
    expect(await readdir(storage.layout.uploads)).to.deep.equal([]);
  });
});
