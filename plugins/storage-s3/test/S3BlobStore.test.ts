import { Readable } from 'node:stream';
import { buffer as readAll } from 'node:stream/consumers';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BlobStore, DataLossError, InvalidArgumentError } from '@mlops/plugin-api';
import type { TestKernel } from '@mlops/plugin-api/testing';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { type S3Server, startS3 } from '@mlops/test-servers';
import { expect } from 'chai';
import { allObjectKeys, rawClient, startS3Kernel } from './s3Fixture.js';
import { sha256Of } from './sha256Of.js';

describe('S3BlobStore', () => {
  let s3: S3Server;
  let kernel: TestKernel;
  let raw: S3Client;
  let store: BlobStore;
  const prefix = 'team/artifacts/';
  beforeEach(async () => {
    s3 = await startS3();
    kernel = await startS3Kernel(s3, { prefix: 'team/artifacts' });
    raw = rawClient(s3);
    store = kernel.get(BlobStore);
  });
  afterEach(async () => {
    raw.destroy();
    await kernel.stop();
    await s3.stop();
  });

  it('stores a blob under the prefix with its sha256 in x-amz-meta-sha256, leaving no temporary object', async () => {
    const info = await store.put('models/m.onnx', 'weights', { contentType: 'application/octet-stream' });
    const head = await raw.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${prefix}models/m.onnx` }));
    expect(head.Metadata).to.deep.equal({ sha256: sha256Of('weights') });
    expect(head.ContentLength).to.equal(7);
    expect(info.sha256).to.equal(sha256Of('weights'));
    expect(await allObjectKeys(raw, s3.bucket)).to.deep.equal([`${prefix}models/m.onnx`]);
  });

  it('leaves no temporary object behind when the body fails midway', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(64 * 1024);
      throw new Error('the client went away');
    }
    const err = await rejectionOf(store.put('models/m.onnx', failing()));
    expect((err as Error).message).to.equal('the client went away');
    expect(await allObjectKeys(raw, s3.bucket)).to.deep.equal([]);
  });

  it('refuses keys inside the reserved temporary folder', async () => {
    for (const call of [() => store.put('.mlops-tmp/x', 'x'), () => store.get('.mlops-tmp/put/abc')]) {
      const err = await rejectionOf(call());
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).details).to.deep.equal({ field: 'key', reason: 'reserved' });
      expect((err as Error).message).to.match(
        /^blob key "\.mlops-tmp\/[a-z/]+" is invalid: "\.mlops-tmp\/" is reserved for uploads in progress$/,
      );
    }
  });

  it('never lists temporary objects, and lists the keys on both sides of their folder', async () => {
    for (const key of ['.mlops-tmp.json', '.mlops-tmq', 'a.txt']) await store.put(key, key);
    for (const tmp of ['put/0001', 'put/0002', 'uploads/abc/parts/00001']) {
      await raw.send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}.mlops-tmp/${tmp}`, Body: 'x' }),
      );
    }
    const all = await store.list();
    expect(all.items.map((item) => item.key)).to.deep.equal(['.mlops-tmp.json', '.mlops-tmq', 'a.txt']);
    const paged: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.list({ pageSize: 1, pageToken });
      paged.push(...page.items.map((item) => item.key));
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    expect(paged).to.deep.equal(['.mlops-tmp.json', '.mlops-tmq', 'a.txt']);
    expect((await store.list({ prefix: '.mlops-tmp/' })).items).to.deep.equal([]);
  });

  it('refuses to serve an object that has no recorded sha256 (written behind its back)', async () => {
    await raw.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}foreign.bin`, Body: 'unverified' }),
    );
    const message =
      'blob "foreign.bin" has no recorded sha256 (x-amz-meta-sha256), so it cannot be verified; ' +
      'it was not written through this store';
    for (const call of [
      () => store.get('foreign.bin'),
      () => store.head('foreign.bin'),
      () => store.list(),
    ]) {
      const err = await rejectionOf(call());
      expect(err).to.be.instanceOf(DataLossError);
      expect((err as Error).message).to.equal(message);
    }
  });

  it('fails a full read with DataLossError when the recorded sha256 was changed', async () => {
    await store.put('models/m.onnx', 'weights');
    const objectKey = `${prefix}models/m.onnx`;
    await raw.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: objectKey,
        Body: 'weights',
        Metadata: { sha256: sha256Of('other') },
      }),
    );
    const stream = await store.get('models/m.onnx');
    const err = await rejectionOf(readAll(stream));
    expect(err).to.be.instanceOf(DataLossError);
    expect((err as Error).message).to.equal(
      `blob "models/m.onnx" is corrupt: its 7 bytes hash to ${sha256Of('weights')}, but ${sha256Of('other')} ` +
        'was recorded when it was written',
    );
  });

  it('reads a one-byte range exactly, though s3rver sends more for bytes=0-0', async () => {
    await store.put('digits.txt', '0123456789');
    expect(
      (await readAll(await store.get('digits.txt', { range: { start: 0, end: 0 } }))).toString(),
    ).to.equal('0');
    const stream = await store.get('digits.txt', { range: { start: 4, end: 4 } });
    expect(stream).to.be.instanceOf(Readable);
    expect((await readAll(stream)).toString()).to.equal('4');
  });
});
