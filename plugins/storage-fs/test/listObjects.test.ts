import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BlobStore,
  DataLossError,
  encodeBlobPageToken,
  InvalidArgumentError,
  type ListOptions,
} from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { type TempStorage, tempStorage } from './tempStorage.js';

async function allKeys(store: BlobStore, options: ListOptions): Promise<string[]> {
  const keys: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.list({ ...options, pageToken });
    keys.push(...page.items.map((item) => item.key));
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return keys;
}

describe('listObjects (FsBlobStore.list)', () => {
  let storage: TempStorage;
  beforeEach(async () => {
    storage = await tempStorage();
  });
  afterEach(() => storage.remove());

  it('lists in JS string order (UTF-16 code units) across directories, escaped and hashed names', async () => {
    const long = 'L'.repeat(150);
    const keys = [
      'a',
      'a/b',
      'a-b',
      'a.json',
      'a0',
      'A',
      'B/x',
      '_',
      '~',
      '\uff5e',
      '\u{1f600}',
      'é/x',
      'e\u0301',
      `${long}/x`,
      `${long}/y/z`,
      `${long}-`,
      `${long}`,
      'a/b/c',
      'a/b-',
      'a/.',
      'a/%2e',
    ];
    for (const key of keys) await storage.store.put(key, key);
    const sorted = [...keys].sort();
    // UTF-16 order puts the astral emoji (a surrogate pair, 0xD83D...) before U+FF5E; UTF-8 would not.
    expect(sorted.indexOf('\u{1f600}')).to.be.below(sorted.indexOf('\uff5e'));
    expect(await allKeys(storage.store, {})).to.deep.equal(sorted);
    for (const pageSize of [1, 2, 3, 7]) {
      expect(await allKeys(storage.store, { pageSize }), `pageSize ${pageSize}`).to.deep.equal(sorted);
    }
    for (const prefix of ['a', 'a/', 'a/b', long, `${long}/`, 'L', 'é', '\ud83d']) {
      expect(await allKeys(storage.store, { prefix, pageSize: 2 }), prefix).to.deep.equal(
        sorted.filter((key) => key.startsWith(prefix)),
      );
    }
  });

  it('resumes after the key in the token, even one deleted since or never stored', async () => {
    for (const key of ['d/a', 'd/b/x', 'd/b/y', 'd/c']) await storage.store.put(key, key);
    const after = async (key: string) =>
      (await storage.store.list({ pageToken: encodeBlobPageToken(key) })).items.map((item) => item.key);
    expect(await after('d/b/x')).to.deep.equal(['d/b/y', 'd/c']);
    expect(await after('d/b')).to.deep.equal(['d/b/x', 'd/b/y', 'd/c']);
    expect(await after('d/b/')).to.deep.equal(['d/b/x', 'd/b/y', 'd/c']);
    expect(await after('d/b0')).to.deep.equal(['d/c']);
    expect(await after('d/c')).to.deep.equal([]);
  });

  it('finds nothing under a prefix no key can have', async () => {
    await storage.store.put('a/b', 'x');
    for (const prefix of ['a//', '../a', 'a/../', 'a/b/']) {
      expect(await storage.store.list({ prefix }), prefix).to.deep.equal({ items: [] });
    }
  });

  it('never lists temp files, upload parts or files it did not write', async () => {
    await storage.store.put('k/one', 'one');
    await writeFile(join(storage.layout.tmp, 'abc.object'), 'half written');
    await writeFile(join(storage.layout.objects, 'k~', '.DS_Store'), 'finder');
    await mkdir(join(storage.layout.objects, 'k~', 'Stray'));
    await writeFile(join(storage.layout.objects, 'k~', 'Stray', 'x'), 'stray');
    const upload = await storage.uploads.create('k/two');
    await storage.uploads.uploadPart(upload, 1, 'part');
    expect(await allKeys(storage.store, {})).to.deep.equal(['k/one']);
  });

  it('refuses a bad pageSize or pageToken with InvalidArgumentError naming the field', async () => {
    for (const [options, field, message] of [
      [{ pageSize: 0 }, 'pageSize', 'pageSize 0 must be a whole number >= 1'],
      [{ pageSize: 2.5 }, 'pageSize', 'pageSize 2.5 must be a whole number >= 1'],
      [
        { pageToken: 'not base64url!' },
        'pageToken',
        'pageToken "not base64url!" is not one this store returned',
      ],
    ] as const) {
      const err = await rejectionOf(storage.store.list(options));
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).message).to.equal(message);
      expect((err as InvalidArgumentError).details.field).to.equal(field);
    }
  });

  it('reports an object whose metadata is damaged with DataLossError in list and head', async () => {
    await storage.store.put('m/ok', 'fine');
    await storage.store.put('m/bad', 'soon broken');
    await writeFile(storage.layout.objectPath('m/bad'), 'no trailer at all');
    for (const call of [() => storage.store.list({ prefix: 'm/' }), () => storage.store.head('m/bad')]) {
      const err = await rejectionOf(call());
      expect(err).to.be.instanceOf(DataLossError);
      expect((err as Error).message).to.equal(
        'blob "m/bad" is corrupt: its file does not end with a trailer',
      );
    }
    await storage.store.delete('m/bad');
    expect((await storage.store.list({ prefix: 'm/' })).items.map((item) => item.key)).to.deep.equal([
      'm/ok',
    ]);
  });
});
