import { readFile } from 'node:fs/promises';
import {
  BlobMultipartUploads,
  BlobPresigner,
  BlobStore,
  FailedPreconditionError,
  isMlopsError,
  UnavailableError,
} from '@mlops/plugin-api';
import { createTestKernel, rejectionOf } from '@mlops/plugin-api/testing';
import { type S3Server, startS3 } from '@mlops/test-servers';
import { expect } from 'chai';
import { storageS3Plugin } from '../src/index.js';
import { S3BlobStore } from '../src/S3BlobStore.js';
import { S3MultipartUploads } from '../src/S3MultipartUploads.js';
import { S3Presigner } from '../src/S3Presigner.js';
import { closedPort, s3rverOptions, startS3Kernel } from './s3Fixture.js';

describe('storageS3Plugin', () => {
  let s3: S3Server;
  before(async () => {
    s3 = await startS3();
  });
  after(() => s3.stop());

  it('is named and versioned as its package', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(storageS3Plugin.manifest.name).to.equal(pkg.name);
    expect(storageS3Plugin.manifest.version).to.equal(pkg.version);
  });

  it('provides the three blob ports, with defaults filled in and the secret masked', async () => {
    const kernel = await startS3Kernel(s3);
    try {
      expect(kernel.get(BlobStore)).to.be.instanceOf(S3BlobStore);
      expect(kernel.get(BlobMultipartUploads)).to.be.instanceOf(S3MultipartUploads);
      expect(kernel.get(BlobPresigner)).to.be.instanceOf(S3Presigner);
      expect(kernel.plugins[0]?.maskedOptions).to.deep.equal({
        bucket: 'test-bucket',
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: '***' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        prefix: '',
        partSizeBytes: 8 * 1024 * 1024,
        queueSize: 4,
        presignExpiresInSeconds: 900,
      });
    } finally {
      await kernel.stop();
    }
  });

  it('refuses bad options, naming each field', async () => {
    const err = await rejectionOf(
      createTestKernel({
        plugins: [
          storageS3Plugin({
            bucket: 'ab',
            prefix: '/abs',
            endpoint: 'ftp://host',
            partSizeBytes: 1024,
            requestChecksumCalculation: 'NEVER',
            credentials: { accessKeyId: 'AK' },
          } as never),
        ],
      }),
    );
    expect((err as { code?: string }).code).to.equal('PLUGIN_BAD_OPTIONS');
    expect((err as Error).message.split('\n')).to.have.members([
      'plugin "@mlops/plugin-storage-s3": /bucket must NOT have fewer than 3 characters',
      'plugin "@mlops/plugin-storage-s3": /prefix must match pattern "^$|^(?!/)(?!.*//)(?!(.*/)?\\.\\.(/|$))[^\\u0000]+$"',
      'plugin "@mlops/plugin-storage-s3": /endpoint must match pattern "^https?://"',
      'plugin "@mlops/plugin-storage-s3": /credentials/secretAccessKey is required',
      'plugin "@mlops/plugin-storage-s3": /requestChecksumCalculation must be one of "WHEN_SUPPORTED", "WHEN_REQUIRED"',
      'plugin "@mlops/plugin-storage-s3": /partSizeBytes must be >= 5242880',
    ]);
  });

  it('fails setup when the bucket does not exist', async () => {
    const err = await rejectionOf(startS3Kernel(s3, { bucket: 'no-such-bucket' }));
    const cause = (err as Error).cause;
    expect(cause).to.be.instanceOf(FailedPreconditionError);
    expect((cause as Error).message).to.equal(`bucket "no-such-bucket" at ${s3.endpoint} does not exist`);
    expect((err as Error).message).to.equal(
      `plugin "@mlops/plugin-storage-s3" failed in setup: bucket "no-such-bucket" at ${s3.endpoint} does not exist`,
    );
  });

  it('fails setup with UnavailableError naming endpoint and bucket, never the secret, when nothing answers', async () => {
    const port = await closedPort();
    const options = s3rverOptions(s3, {
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIDVISIBLE', secretAccessKey: 'very-secret-value' },
    });
    const err = await rejectionOf(createTestKernel({ plugins: [storageS3Plugin(options)] }));
    const cause = (err as Error).cause;
    expect(isMlopsError(cause, 'Unavailable')).to.equal(true);
    expect(cause).to.be.instanceOf(UnavailableError);
    expect((cause as Error).message).to.equal(
      `bucket "test-bucket" at http://127.0.0.1:${port} did not answer (ECONNREFUSED) while checking the bucket`,
    );
    expect(JSON.stringify([(err as Error).message, (cause as Error).message])).not.to.include(
      'very-secret-value',
    );
  });
});
