import { createHash } from 'node:crypto';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer as readAll } from 'node:stream/consumers';
import {
  DataLossError,
  InvalidArgumentError,
  type MultipartUpload,
  NotFoundError,
  type UploadedPart,
} from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { type TempStorage, tempStorage } from './tempStorage.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Deterministic, not all zeros: part `n` is `size` bytes of `(n * 31 + i) & 0xff`. */
function partBytes(n: number, size: number): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i) => (n * 31 + i) & 0xff));
}

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('FsMultipartUploads', () => {
  let storage: TempStorage;
  beforeEach(async () => {
    storage = await tempStorage();
  });
  afterEach(() => storage.remove());

  const listed = (parts: UploadedPart[]) => parts.map(({ partNumber, etag }) => ({ partNumber, etag }));

  it('joins parts uploaded out of order, in part-number order, with content type and sha256', async () => {
    const bytes = [partBytes(1, 70_000), partBytes(2, 50_000), partBytes(3, 10)];
    const whole = Buffer.concat(bytes);
    const upload = await storage.uploads.create('models/big.bin', {
      contentType: 'application/octet-stream',
      sha256: sha256(whole),
    });
    const uploaded: UploadedPart[] = [];
    for (const n of [3, 1, 2]) {
      uploaded.push(await storage.uploads.uploadPart(upload, n, chunked(bytes[n - 1] as Buffer, 4096)));
    }
    expect(uploaded.map((p) => p.partNumber)).to.deep.equal([3, 1, 2]);
    expect(uploaded[0]).to.deep.equal({ partNumber: 3, etag: sha256(bytes[2] as Buffer), size: 10 });
    const parts = await storage.uploads.listParts(upload);
    expect(parts.map((p) => p.partNumber)).to.deep.equal([1, 2, 3]);

    const info = await storage.uploads.complete(upload, listed(parts));
    expect(info).to.include({ key: 'models/big.bin', size: whole.length, sha256: sha256(whole) });
    expect(info.contentType).to.equal('application/octet-stream');
    expect(sha256(await readAll(await storage.store.get('models/big.bin')))).to.equal(sha256(whole));
    expect(await storage.store.head('models/big.bin')).to.deep.equal(info);
    expect(await readdir(storage.layout.uploads)).to.deep.equal([]);
    expect(await readdir(storage.layout.tmp)).to.deep.equal([]);
  });

  it('keeps the last of a part uploaded twice, and refuses the first etag at complete', async () => {
    const upload = await storage.uploads.create('retry.txt');
    const first = await storage.uploads.uploadPart(upload, 1, 'first try');
    const second = await storage.uploads.uploadPart(upload, 1, 'second try, longer');
    expect(await storage.uploads.listParts(upload)).to.deep.equal([second]);
    const err = await rejectionOf(storage.uploads.complete(upload, [{ partNumber: 1, etag: first.etag }]));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal(
      `part 1 of multipart upload "${upload.uploadId}" has etag "${second.etag}", not "${first.etag}"`,
    );
    expect((err as InvalidArgumentError).details).to.deep.equal({
      field: 'parts[0].etag',
      reason: 'etag_mismatch',
    });
    expect(await rejectionOf(storage.store.head('retry.txt'))).to.be.instanceOf(NotFoundError);
    await storage.uploads.complete(upload, [{ partNumber: 1, etag: second.etag }]);
    expect((await readAll(await storage.store.get('retry.txt'))).toString()).to.equal('second try, longer');
  });

  it('lets a client resume: listParts tells what arrived, the rest is uploaded, then complete', async () => {
    const upload = await storage.uploads.create('resumed.bin');
    await storage.uploads.uploadPart(upload, 1, partBytes(1, 1000));
    await storage.uploads.uploadPart(upload, 3, partBytes(3, 1000));
    const have = await storage.uploads.listParts(upload);
    expect(have.map((p) => [p.partNumber, p.size])).to.deep.equal([
      [1, 1000],
      [3, 1000],
    ]);
    const missing = [1, 2, 3, 4].filter((n) => !have.some((p) => p.partNumber === n));
    for (const n of missing) await storage.uploads.uploadPart(upload, n, partBytes(n, 1000));
    const info = await storage.uploads.complete(upload, listed(await storage.uploads.listParts(upload)));
    const whole = Buffer.concat([1, 2, 3, 4].map((n) => partBytes(n, 1000)));
    expect(info.sha256).to.equal(sha256(whole));
  });

  it('refuses to complete with a part that was not uploaded, storing nothing', async () => {
    const upload = await storage.uploads.create('gap.bin');
    const one = await storage.uploads.uploadPart(upload, 1, 'one');
    const err = await rejectionOf(
      storage.uploads.complete(upload, [
        { partNumber: 1, etag: one.etag },
        { partNumber: 2, etag: one.etag },
      ]),
    );
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal(
      `part 2 of multipart upload "${upload.uploadId}" was not uploaded`,
    );
    expect((err as InvalidArgumentError).details).to.deep.equal({
      field: 'parts[1]',
      reason: 'missing_part',
    });
    expect(await rejectionOf(storage.store.head('gap.bin'))).to.be.instanceOf(NotFoundError);
    expect(await storage.uploads.listParts(upload)).to.deep.equal([one]);
  });

  it('refuses an empty or unordered part list', async () => {
    const upload = await storage.uploads.create('order.bin');
    const one = await storage.uploads.uploadPart(upload, 1, 'one');
    const two = await storage.uploads.uploadPart(upload, 2, 'two');
    const empty = await rejectionOf(storage.uploads.complete(upload, []));
    expect((empty as Error).message).to.equal(
      `multipart upload "${upload.uploadId}" cannot complete without parts`,
    );
    const unordered = await rejectionOf(
      storage.uploads.complete(upload, [
        { partNumber: 2, etag: two.etag },
        { partNumber: 1, etag: one.etag },
      ]),
    );
    expect(unordered).to.be.instanceOf(InvalidArgumentError);
    expect((unordered as Error).message).to.equal(
      `parts of multipart upload "${upload.uploadId}" must be listed by ascending part number, once each: 1 follows 2`,
    );
    expect(await rejectionOf(storage.store.head('order.bin'))).to.be.instanceOf(NotFoundError);
  });

  it('fails complete with DataLossError when the sha256 given at create differs, storing nothing', async () => {
    await storage.store.put('checked.bin', 'old version');
    const upload = await storage.uploads.create('checked.bin', { sha256: sha256(Buffer.from('other')) });
    const part = await storage.uploads.uploadPart(upload, 1, 'new version');
    const err = await rejectionOf(storage.uploads.complete(upload, [{ partNumber: 1, etag: part.etag }]));
    expect(err).to.be.instanceOf(DataLossError);
    expect((err as Error).message).to.equal(
      `blob "checked.bin" was not stored: its bytes hash to ${sha256(Buffer.from('new version'))}, but sha256 ${sha256(Buffer.from('other'))} was expected`,
    );
    expect((await readAll(await storage.store.get('checked.bin'))).toString()).to.equal('old version');
    expect(await readdir(storage.layout.tmp)).to.deep.equal([]);
    // The upload is still there: the parts can be aborted or fixed.
    expect(await storage.uploads.listParts(upload)).to.deep.equal([part]);
  });

  it('fails complete with DataLossError when a stored part no longer matches its etag, storing nothing', async () => {
    const upload = await storage.uploads.create('rotten.bin');
    const part = await storage.uploads.uploadPart(upload, 1, partBytes(1, 5000));
    const handle = await open(join(storage.layout.uploads, upload.uploadId, '00001.part'), 'r+');
    await handle.write(Buffer.from([0xff ^ (partBytes(1, 5000)[10] as number)]), 0, 1, 10);
    await handle.close();
    const err = await rejectionOf(storage.uploads.complete(upload, [{ partNumber: 1, etag: part.etag }]));
    expect(err).to.be.instanceOf(DataLossError);
    expect((err as Error).message).to.match(
      new RegExp(
        `^part 1 of multipart upload "${upload.uploadId}" is corrupt: its bytes hash to [0-9a-f]{64}, but its etag is ${part.etag}$`,
      ),
    );
    expect(await rejectionOf(storage.store.head('rotten.bin'))).to.be.instanceOf(NotFoundError);
    expect(await readdir(storage.layout.tmp)).to.deep.equal([]);
  });

  it('aborts: the parts go, later calls find no upload, aborting again is fine', async () => {
    const upload = await storage.uploads.create('aborted.bin');
    const part = await storage.uploads.uploadPart(upload, 1, 'doomed');
    await storage.uploads.abort(upload);
    expect(await readdir(storage.layout.uploads)).to.deep.equal([]);
    const message = `multipart upload "${upload.uploadId}" of blob "aborted.bin" does not exist`;
    for (const call of [
      () => storage.uploads.listParts(upload),
      () => storage.uploads.uploadPart(upload, 2, 'late'),
      () => storage.uploads.complete(upload, [{ partNumber: 1, etag: part.etag }]),
    ]) {
      const err = await rejectionOf(call());
      expect(err).to.be.instanceOf(NotFoundError);
      expect((err as Error).message).to.equal(message);
    }
    await storage.uploads.abort(upload);
    await storage.uploads.abort({ key: 'aborted.bin', uploadId: '../../objects' });
    expect(await rejectionOf(storage.store.head('aborted.bin'))).to.be.instanceOf(NotFoundError);
  });

  it('treats an upload id under another key, or one it never made, as unknown', async () => {
    const upload = await storage.uploads.create('mine.bin');
    const others: MultipartUpload[] = [
      { key: 'other.bin', uploadId: upload.uploadId },
      { key: 'mine.bin', uploadId: '../uploads' },
      { key: 'mine.bin', uploadId: '0'.repeat(32) },
    ];
    for (const other of others) {
      expect(await rejectionOf(storage.uploads.listParts(other)), other.uploadId).to.be.instanceOf(
        NotFoundError,
      );
      await storage.uploads.abort(other);
    }
    expect(await storage.uploads.listParts(upload)).to.deep.equal([]);
  });

  it('refuses part numbers outside 1..10000 and a bad key at create', async () => {
    const upload = await storage.uploads.create('numbers.bin');
    for (const n of [0, 10_001, 1.5, -1]) {
      const err = await rejectionOf(storage.uploads.uploadPart(upload, n, 'x'));
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(
        `part number ${n} of multipart upload "${upload.uploadId}" is invalid: it must be a whole number from 1 to 10000`,
      );
      expect((err as InvalidArgumentError).details.field).to.equal('partNumber');
    }
    await storage.uploads.uploadPart(upload, 10_000, 'last');
    const err = await rejectionOf(storage.uploads.create('a//b'));
    expect((err as InvalidArgumentError).details.field).to.equal('key');
  });
});
