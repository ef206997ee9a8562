import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer as readAll } from 'node:stream/consumers';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  BlobMultipartUploads,
  BlobStore,
  DataLossError,
  InvalidArgumentError,
  type MultipartUpload,
  NotFoundError,
} from '@mlops/plugin-api';
import type { TestKernel } from '@mlops/plugin-api/testing';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { type S3Server, startS3 } from '@mlops/test-servers';
import { expect } from 'chai';
import { allObjectKeys, rawClient, startS3Kernel } from './s3Fixture.js';
import { sha256Of } from './sha256Of.js';

const MiB = 1024 * 1024;

describe('S3MultipartUploads', () => {
  let s3: S3Server;
  let kernel: TestKernel;
  let raw: S3Client;
  let uploads: BlobMultipartUploads;
  let store: BlobStore;
  beforeEach(async () => {
    s3 = await startS3();
    kernel = await startS3Kernel(s3, { partSizeBytes: 5 * MiB });
    raw = rawClient(s3);
    uploads = kernel.get(BlobMultipartUploads);
    store = kernel.get(BlobStore);
  });
  afterEach(async () => {
    raw.destroy();
    await kernel.stop();
    await s3.stop();
  });

  it('joins parts sent out of order, of any size, into one verified object, and cleans up', async () => {
    const one = randomBytes(6 * MiB + 17);
    const two = Buffer.from('a small last part');
    const whole = Buffer.concat([one, two]);
    const upload = await uploads.create('models/big.bin', {
      sha256: sha256Of(whole),
      contentType: 'model/x',
    });
    expect(upload.key).to.equal('models/big.bin');
    expect(upload.uploadId).to.match(/^[0-9a-f]{32}$/);
    const second = await uploads.uploadPart(upload, 2, two);
    const first = await uploads.uploadPart(
      upload,
      1,
      Readable.from([one.subarray(0, MiB), one.subarray(MiB)]),
    );
    expect([first.partNumber, first.size, second.partNumber, second.size]).to.deep.equal([
      1,
      one.length,
      2,
      17,
    ]);
    expect(await uploads.listParts(upload)).to.deep.equal([first, second]);
    expect(await rejectionOf(store.head('models/big.bin'))).to.be.instanceOf(NotFoundError);

    const info = await uploads.complete(upload, [first, second]);
    expect(info).to.include({
      key: 'models/big.bin',
      size: whole.length,
      sha256: sha256Of(whole),
      contentType: 'model/x',
    });
    expect(sha256Of(await readAll(await store.get('models/big.bin')))).to.equal(sha256Of(whole));
    expect(await allObjectKeys(raw, s3.bucket)).to.deep.equal(['models/big.bin']);
    const err = await rejectionOf(uploads.listParts(upload));
    expect(err).to.be.instanceOf(NotFoundError);
    expect((err as Error).message).to.equal(
      `multipart upload "${upload.uploadId}" of blob "models/big.bin" does not exist`,
    );
  });

  it('resumes from another kernel: listParts tells what arrived, a part sent again replaces the old one', async () => {
    const upload = await uploads.create('runs/r1/weights.bin');
    await uploads.uploadPart(upload, 1, 'part one, ');
    await uploads.uploadPart(upload, 2, 'garbled');
    const replica = await startS3Kernel(s3, { partSizeBytes: 5 * MiB });
    try {
      const again = replica.get(BlobMultipartUploads);
      const before = await again.listParts({ key: upload.key, uploadId: upload.uploadId });
      expect(before.map((part) => [part.partNumber, part.size])).to.deep.equal([
        [1, 10],
        [2, 7],
      ]);
      const fixed = await again.uploadPart(upload, 2, 'part two');
      const after = await again.listParts(upload);
      expect(after).to.deep.equal([before[0], fixed]);
      expect(fixed.etag).not.to.equal(before[1]!.etag);
      const info = await again.complete(upload, after);
      expect(info.sha256).to.equal(sha256Of('part one, part two'));
    } finally {
      await replica.stop();
    }
    expect((await readAll(await store.get('runs/r1/weights.bin'))).toString()).to.equal('part one, part two');
  });

  it('refuses a sha256 mismatch with DataLossError, keeping the old object and the upload', async () => {
    await store.put('models/m.bin', 'old version');
    const upload = await uploads.create('models/m.bin', { sha256: sha256Of('expected bytes') });
    const part = await uploads.uploadPart(upload, 1, 'other bytes');
    const err = await rejectionOf(uploads.complete(upload, [part]));
    expect(err).to.be.instanceOf(DataLossError);
    expect((err as Error).message).to.equal(
      `blob "models/m.bin" was not stored: its bytes hash to ${sha256Of('other bytes')}, ` +
        `but sha256 ${sha256Of('expected bytes')} was expected`,
    );
    expect((await readAll(await store.get('models/m.bin'))).toString()).to.equal('old version');
    expect(await uploads.listParts(upload)).to.deep.equal([part]);
    await uploads.abort(upload);
    expect(await rejectionOf(uploads.listParts(upload))).to.be.instanceOf(NotFoundError);
    expect(await allObjectKeys(raw, s3.bucket)).to.deep.equal(['models/m.bin']);
  });

  it('refuses to complete with a missing, changed, unordered or empty part list', async () => {
    const upload = await uploads.create('a.bin');
    const one = await uploads.uploadPart(upload, 1, 'one');
    const two = await uploads.uploadPart(upload, 2, 'two');
    const cases: [readonly { partNumber: number; etag: string }[], string, string][] = [
      [[one, { partNumber: 3, etag: two.etag }], 'part 3 was never uploaded', 'missing_part'],
      [
        [one, { partNumber: 2, etag: one.etag }],
        `part 2 has etag "${two.etag}", not "${one.etag}"`,
        'etag_mismatch',
      ],
      [[two, one], 'part numbers must be whole numbers in ascending order, but 1 follows 2', 'order'],
      [[], 'no parts were listed', 'no_parts'],
    ];
    for (const [parts, why, reason] of cases) {
      const err = await rejectionOf(uploads.complete(upload, parts));
      expect(err, why).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(
        `multipart upload "${upload.uploadId}" cannot be completed: ${why}`,
      );
      expect((err as InvalidArgumentError).details).to.deep.equal({ field: 'parts', reason });
    }
    expect(await rejectionOf(store.head('a.bin'))).to.be.instanceOf(NotFoundError);
    expect((await uploads.complete(upload, [one, two])).size).to.equal(6);
  });

  it('refuses part numbers outside 1..10000', async () => {
    const upload = await uploads.create('a.bin');
    for (const partNumber of [0, 10_001, 1.5, -1]) {
      const err = await rejectionOf(uploads.uploadPart(upload, partNumber, 'x'));
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(
        `part number ${partNumber} of multipart upload "${upload.uploadId}" is not a whole number from 1 to 10000`,
      );
    }
    expect(await uploads.listParts(upload)).to.deep.equal([]);
  });

  it('answers an unknown upload with NotFoundError, and aborts it without error', async () => {
    const real = await uploads.create('a.bin');
    const unknown: MultipartUpload[] = [
      { key: 'a.bin', uploadId: '0'.repeat(32) },
      { key: 'a.bin', uploadId: '../../etc' },
      { key: 'b.bin', uploadId: real.uploadId },
    ];
    for (const upload of unknown) {
      const message = `multipart upload "${upload.uploadId}" of blob "${upload.key}" does not exist`;
      for (const call of [
        () => uploads.uploadPart(upload, 1, 'x'),
        () => uploads.listParts(upload),
        () => uploads.complete(upload, [{ partNumber: 1, etag: 'x' }]),
      ]) {
        const err = await rejectionOf(call());
        expect(err).to.be.instanceOf(NotFoundError);
        expect((err as Error).message).to.equal(message);
      }
      expect(await uploads.abort(upload)).to.equal(undefined);
    }
    expect(await uploads.listParts(real)).to.deep.equal([]);
  });

  it('refuses a bad key or sha256 at create', async () => {
    const badKey = await rejectionOf(uploads.create('a//b'));
    expect((badKey as InvalidArgumentError).details.field).to.equal('key');
    const badSha = await rejectionOf(uploads.create('a.bin', { sha256: 'abc' }));
    expect(badSha).to.be.instanceOf(InvalidArgumentError);
    expect((badSha as Error).message).to.equal('sha256 "abc" for blob "a.bin" is not 64 hex digits');
  });
});
