import { BlobStore } from '@mlops/plugin-api';
import { describeBlobStoreConformance } from '@mlops/plugin-api/testing';
import { startS3 } from '@mlops/test-servers';
import { corruptObject, rawClient, startS3Kernel } from './s3Fixture.js';

describeBlobStoreConformance('storage-s3 on s3rver', async () => {
  const s3 = await startS3();
  const kernel = await startS3Kernel(s3);
  const raw = rawClient(s3);
  return {
    store: kernel.get(BlobStore),
    corrupt: (key) => corruptObject(raw, s3.bucket, key),
    async close() {
      raw.destroy();
      await kernel.stop();
      await s3.stop();
    },
  };
});

// The SDK's default checksums: safe on s3rver because every body this store sends is a sized Buffer.
describeBlobStoreConformance('storage-s3 on s3rver, under a prefix, 5 MiB parts, SDK checksums', async () => {
  const s3 = await startS3();
  const kernel = await startS3Kernel(s3, {
    prefix: 'tenant-a/artifacts',
    partSizeBytes: 5 * 1024 * 1024,
    requestChecksumCalculation: 'WHEN_SUPPORTED',
    responseChecksumValidation: 'WHEN_SUPPORTED',
  });
  const raw = rawClient(s3);
  return {
    store: kernel.get(BlobStore),
    corrupt: (key) => corruptObject(raw, s3.bucket, `tenant-a/artifacts/${key}`),
    async close() {
      raw.destroy();
      await kernel.stop();
      await s3.stop();
    },
  };
});
