import { createHash } from 'node:crypto';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { buffer as readAll } from 'node:stream/consumers';
import {
  type BlobBody,
  DataLossError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { filesUnder, type TempStorage, tempStorage } from './tempStorage.js';

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

describe('FsBlobStore', () => {
  let storage: TempStorage;
  beforeEach(async () => {
    storage = await tempStorage(true);
  });
  afterEach(() => storage.remove());

  it('keeps bytes, then metadata, in one file: what one rename commits', async () => {
    const info = await storage.store.put('one/file.txt', 'hello', { contentType: 'text/plain' });
    const file = await readFile(storage.layout.objectPath('one/file.txt'));
    expect(file.subarray(0, 5).toString()).to.equal('hello');
    const json = JSON.parse(file.subarray(5, file.length - 12).toString()) as Record<string, unknown>;
    expect(json).to.deep.equal({
      key: 'one/file.txt',
      size: 5,
      sha256: sha256('hello'),
      lastModified: info.lastModified.toISOString(),
      contentType: 'text/plain',
    });
    expect(file.subarray(file.length - 4).toString()).to.equal('MLB1');
    expect(await filesUnder(storage.root)).to.deep.equal(['objects/one~/file.txt']);
  });

  it('fails a full read of a truncated object with DataLossError in head and get', async () => {
    await storage.store.put('cut.bin', Buffer.alloc(1000, 7));
    const path = storage.layout.objectPath('cut.bin');
    const file = await readFile(path);
    await writeFile(path, Buffer.concat([file.subarray(0, 400), file.subarray(1000)]));
    for (const call of [() => storage.store.head('cut.bin'), () => storage.store.get('cut.bin')]) {
      const err = await rejectionOf(call());
      expect(err).to.be.instanceOf(DataLossError);
      expect((err as Error).message).to.equal(
        'blob "cut.bin" is corrupt: it holds 400 bytes, but 1000 were written',
      );
    }
  });

  it('fails the read stream, at its end, when a data byte was flipped; a ranged read is served as is', async () => {
    await storage.store.put('flip.bin', Buffer.alloc(200_000, 1));
    const handle = await open(storage.layout.objectPath('flip.bin'), 'r+');
    await handle.write(Buffer.from([2]), 0, 1, 150_000);
    await handle.close();
    const err = await rejectionOf(storage.store.get('flip.bin').then(readAll));
    expect(err).to.be.instanceOf(DataLossError);
    const actual = sha256(
      Buffer.concat([Buffer.alloc(150_000, 1), Buffer.from([2]), Buffer.alloc(49_999, 1)]),
    );
    expect((err as Error).message).to.equal(
      `blob "flip.bin" is corrupt: its bytes hash to ${actual}, but ${sha256(Buffer.alloc(200_000, 1))} was recorded when it was written`,
    );
    const range = await readAll(
      await storage.store.get('flip.bin', { range: { start: 149_999, end: 150_001 } }),
    );
    expect([...range]).to.deep.equal([1, 2, 1]);
  });

  it('refuses a malformed sha256, content type or body with InvalidArgumentError, storing nothing', async () => {
    const cases: [BlobBody, object, string, string][] = [
      ['x', { sha256: 'abc' }, 'sha256', 'sha256 "abc" for blob "bad.bin" is not 64 hex digits'],
      ['x', { contentType: 5 }, 'contentType', 'contentType for blob "bad.bin" must be a string'],
      [
        42 as unknown as BlobBody,
        {},
        'body',
        'the body of blob "bad.bin" must be a Uint8Array, a string, a Readable or an async iterable of Uint8Array',
      ],
    ];
    for (const [body, options, field, message] of cases) {
      const err = await rejectionOf(storage.store.put('bad.bin', body, options));
      expect(err, field).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(message);
      expect((err as InvalidArgumentError).details.field).to.equal(field);
    }
    expect(await rejectionOf(storage.store.head('bad.bin'))).to.be.instanceOf(NotFoundError);
    expect(await filesUnder(storage.root)).to.deep.equal([]);
  });

  it('accepts an expected sha256 in upper case', async () => {
    const info = await storage.store.put('upper.txt', 'abc', { sha256: sha256('abc').toUpperCase() });
    expect(info.sha256).to.equal(sha256('abc'));
  });

  it('reports a disk failure as UnavailableError with the system error as cause, keeping the old object', async () => {
    await storage.store.put('kept.txt', 'old');
    await rm(storage.layout.tmp, { recursive: true });
    const err = await rejectionOf(storage.store.put('kept.txt', 'new'));
    expect(err).to.be.instanceOf(UnavailableError);
    expect((err as Error).message).to.match(
      /^storage-fs could not put blob "kept\.txt": ENOENT: no such file or directory, open '.+\/tmp\/[0-9a-f]{24}\.object'$/,
    );
    expect((err as UnavailableError).details.reason).to.equal('ENOENT');
    expect(((err as Error).cause as NodeJS.ErrnoException).code).to.equal('ENOENT');
    expect((await readAll(await storage.store.get('kept.txt'))).toString()).to.equal('old');
  });

  it('passes the error of a failing body through unchanged, and leaves no temp file', async () => {
    const cut = new Error('the client went away');
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(100_000);
      throw cut;
    }
    expect(await rejectionOf(storage.store.put('cut.txt', failing()))).to.equal(cut);
    expect(await filesUnder(storage.root)).to.deep.equal([]);
  });

  it('stores the chunks as they were when given, even if the body reuses its buffer', async () => {
    const buffer = Buffer.alloc(1000);
    async function* reusing(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 200; i++) {
        buffer.fill(i);
        yield buffer;
      }
    }
    const expected = Buffer.concat(Array.from({ length: 200 }, (_, i) => Buffer.alloc(1000, i)));
    const info = await storage.store.put('reused.bin', reusing());
    expect(info.sha256).to.equal(sha256(expected));
    expect(sha256(await readAll(await storage.store.get('reused.bin')))).to.equal(sha256(expected));
  });
});
