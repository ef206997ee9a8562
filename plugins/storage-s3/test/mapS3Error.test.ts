import { BlobStore, PermissionDeniedError, UnauthenticatedError, UnavailableError } from '@mlops/plugin-api';
import type { TestKernel } from '@mlops/plugin-api/testing';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { type S3Server, startS3 } from '@mlops/test-servers';
import { expect } from 'chai';
import { createS3Client } from '../src/createS3Client.js';
import { S3BlobStore } from '../src/S3BlobStore.js';
import { startS3Kernel } from './s3Fixture.js';
import { startErrorServer } from './startErrorServer.js';

/** Each BlobStore call, and what its error message says it was doing. */
const calls: readonly [string, (store: BlobStore) => Promise<unknown>, string][] = [
  ['put', (store) => store.put('models/a.txt', 'hello'), 'writing blob "models/a.txt"'],
  ['get', (store) => store.get('models/a.txt'), 'reading blob "models/a.txt"'],
  [
    'ranged get',
    (store) => store.get('models/a.txt', { range: { start: 1 } }),
    'reading blob "models/a.txt"',
  ],
  ['head', (store) => store.head('models/a.txt'), 'reading blob "models/a.txt"'],
  ['list', (store) => store.list({ prefix: 'models/' }), 'listing blobs under "models/"'],
  ['delete', (store) => store.delete('models/a.txt'), 'deleting blob "models/a.txt"'],
];

/** A store built straight from options (setup's HeadBucket would fail first against these servers). */
function storeAt(endpoint: string, secret = 'not-this-one'): S3BlobStore {
  const target = createS3Client({
    bucket: 'test-bucket',
    prefix: '',
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: secret },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    partSizeBytes: 5 * 1024 * 1024,
    queueSize: 1,
    presignExpiresInSeconds: 900,
  });
  return new S3BlobStore(target, { partSizeBytes: 5 * 1024 * 1024, queueSize: 1 });
}

describe('mapS3Error: S3 failures as the error taxonomy', () => {
  describe('when the endpoint stops answering after setup', () => {
    let s3: S3Server;
    let kernel: TestKernel;
    before(async () => {
      s3 = await startS3();
      kernel = await startS3Kernel(s3, {
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'hush-hush' },
      });
      await kernel.get(BlobStore).put('models/a.txt', 'hello');
      await s3.stop();
    });
    after(() => kernel.stop());

    for (const [name, call, doing] of calls) {
      it(`${name} fails with UnavailableError naming endpoint and bucket`, async () => {
        const err = await rejectionOf(call(kernel.get(BlobStore)));
        expect(err).to.be.instanceOf(UnavailableError);
        expect((err as Error).message).to.equal(
          `bucket "test-bucket" at ${s3.endpoint} did not answer (ECONNREFUSED) while ${doing}`,
        );
        expect((err as Error).message).not.to.include('hush-hush');
      });
    }
  });

  describe('when S3 answers 403 AccessDenied', () => {
    for (const [name, call, doing] of calls) {
      it(`${name} fails with PermissionDeniedError`, async () => {
        const server = await startErrorServer(403, 'AccessDenied');
        try {
          const err = await rejectionOf(call(storeAt(server.endpoint)));
          expect(err).to.be.instanceOf(PermissionDeniedError);
          // HEAD answers carry no body, hence no error code.
          const why = name === 'head' || name === 'ranged get' ? 'HTTP 403' : 'AccessDenied';
          expect((err as Error).message).to.equal(
            `bucket "test-bucket" at ${server.endpoint} denied access (${why}) while ${doing}`,
          );
          expect(server.requests).to.be.greaterThan(0);
        } finally {
          await server.stop();
        }
      });
    }
  });

  it('reports 503 SlowDown, after the SDK retries, as UnavailableError', async () => {
    const server = await startErrorServer(503, 'SlowDown');
    try {
      const err = await rejectionOf(storeAt(server.endpoint).delete('models/a.txt'));
      expect(err).to.be.instanceOf(UnavailableError);
      expect((err as Error).message).to.equal(
        `bucket "test-bucket" at ${server.endpoint} did not answer (HTTP 503 SlowDown) while deleting blob "models/a.txt"`,
      );
      expect(server.requests).to.equal(3);
    } finally {
      await server.stop();
    }
  });

  it('reports an access key the server does not know as UnauthenticatedError, without the secret', async () => {
    const s3 = await startS3();
    try {
      const err = await rejectionOf(storeAt(s3.endpoint, 'hush-hush').put('models/a.txt', 'hello'));
      expect(err).to.be.instanceOf(UnauthenticatedError);
      expect((err as Error).message).to.equal(
        `bucket "test-bucket" at ${s3.endpoint} refused the credentials (InvalidAccessKeyId) while writing blob "models/a.txt"`,
      );
    } finally {
      await s3.stop();
    }
  });
});
