import { buffer as readAll } from 'node:stream/consumers';
import {
  BlobPresigner,
  BlobStore,
  DataLossError,
  InvalidArgumentError,
  type PresignedRequest,
} from '@mlops/plugin-api';
import type { TestKernel } from '@mlops/plugin-api/testing';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { type S3Server, startS3 } from '@mlops/test-servers';
import { expect } from 'chai';
import { startS3Kernel } from './s3Fixture.js';
import { sha256Of } from './sha256Of.js';

/** Sends `body` with plain fetch, as a browser or CLI holding only the presigned request would. */
function send(request: PresignedRequest, body?: string): Promise<Response> {
  return fetch(request.url, { method: request.method, headers: request.headers, body });
}

describe('S3Presigner', () => {
  let s3: S3Server;
  let kernel: TestKernel;
  let presigner: BlobPresigner;
  let store: BlobStore;
  before(async () => {
    s3 = await startS3();
    kernel = await startS3Kernel(s3, { presignExpiresInSeconds: 120 });
    presigner = kernel.get(BlobPresigner);
    store = kernel.get(BlobStore);
  });
  after(async () => {
    await kernel.stop();
    await s3.stop();
  });

  it('signs a PUT that binds the declared sha256 in headers the client must send', async () => {
    const sha256 = sha256Of('model bytes');
    const before = Date.now();
    const request = await presigner.presignPut('models/m.onnx', { sha256, contentType: 'application/onnx' });
    expect(request.method).to.equal('PUT');
    expect(request.headers).to.deep.equal({
      'x-amz-meta-sha256': sha256,
      'x-amz-checksum-sha256': Buffer.from(sha256, 'hex').toString('base64'),
      'content-type': 'application/onnx',
    });
    const url = new URL(request.url);
    expect(url.pathname).to.equal('/test-bucket/models/m.onnx');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).to.equal(
      'content-type;host;x-amz-checksum-sha256;x-amz-meta-sha256',
    );
    expect(url.searchParams.get('X-Amz-Expires')).to.equal('120');
    expect(request.expiresAt.getTime()).to.be.within(before + 120_000, Date.now() + 120_000);
  });

  it('lets a client upload with plain fetch; get then verifies the bytes', async () => {
    const request = await presigner.presignPut('models/uploaded.bin', {
      sha256: sha256Of('model bytes'),
      contentType: 'application/onnx',
    });
    const response = await send(request, 'model bytes');
    expect(response.status).to.equal(200);
    const info = await store.head('models/uploaded.bin');
    expect(info).to.include({ sha256: sha256Of('model bytes'), size: 11, contentType: 'application/onnx' });
    expect((await readAll(await store.get('models/uploaded.bin'))).toString()).to.equal('model bytes');
  });

  it('s3rver stores other bytes sent with a valid URL, but get then fails with DataLossError', async () => {
    // AWS S3 and MinIO check x-amz-checksum-sha256 and answer 400 BadDigest; s3rver ignores it.
    const request = await presigner.presignPut('models/tampered.bin', { sha256: sha256Of('model bytes') });
    const response = await send(request, 'tampered bytes');
    expect(response.status).to.equal(200);
    const err = await rejectionOf(store.get('models/tampered.bin').then((stream) => readAll(stream)));
    expect(err).to.be.instanceOf(DataLossError);
    expect((err as Error).message).to.equal(
      `blob "models/tampered.bin" is corrupt: its 14 bytes hash to ${sha256Of('tampered bytes')}, ` +
        `but ${sha256Of('model bytes')} was recorded when it was written`,
    );
  });

  it('signs a GET a client can fetch directly, for the default lifetime', async () => {
    await store.put('reports/r.json', '{"auc":0.93}');
    const request = await presigner.presignGet('reports/r.json');
    expect(request.method).to.equal('GET');
    expect(request.headers).to.deep.equal({});
    expect(new URL(request.url).searchParams.get('X-Amz-Expires')).to.equal('120');
    const response = await send(request);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.equal('{"auc":0.93}');
  });

  it('refuses an expiry outside 1 s .. 7 days, a bad sha256 and a bad key', async () => {
    const sha256 = sha256Of('x');
    for (const expiresInSeconds of [0, 604_801, 1.5]) {
      for (const call of [
        () => presigner.presignGet('a.bin', { expiresInSeconds }),
        () => presigner.presignPut('a.bin', { sha256, expiresInSeconds }),
      ]) {
        const err = await rejectionOf(call());
        expect(err).to.be.instanceOf(InvalidArgumentError);
        expect((err as Error).message).to.equal(
          `expiresInSeconds ${expiresInSeconds} for blob "a.bin" must be a whole number from 1 to 604800 (7 days)`,
        );
      }
    }
    const badSha = await rejectionOf(presigner.presignPut('a.bin', { sha256: 'ABC' }));
    expect((badSha as InvalidArgumentError).details.field).to.equal('sha256');
    for (const call of [() => presigner.presignGet('../a'), () => presigner.presignPut('/a', { sha256 })]) {
      expect(((await rejectionOf(call())) as InvalidArgumentError).details.field).to.equal('key');
    }
    expect(
      new URL((await presigner.presignGet('a.bin', { expiresInSeconds: 604_800 })).url).searchParams.get(
        'X-Amz-Expires',
      ),
    ).to.equal('604800');
  });
});
