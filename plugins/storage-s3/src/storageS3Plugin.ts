import { BlobMultipartUploads, BlobPresigner, BlobStore, definePlugin } from '@mlops/plugin-api';
import { checkBucket } from './checkBucket.js';
import { createS3Client } from './createS3Client.js';
import { type StorageS3Options, storageS3OptionsSchema } from './options.js';
import { S3BlobStore } from './S3BlobStore.js';
import { S3MultipartUploads } from './S3MultipartUploads.js';
import { S3Presigner } from './S3Presigner.js';

/**
 * Artifact storage on AWS S3 or an S3-compatible server (MinIO, s3rver): the BlobStore, resumable
 * multipart uploads and presigned URLs, with each object's sha256 recorded and verified on read.
 * Setup checks that the bucket answers (HeadBucket).
 * @throws FailedPreconditionError (through the kernel's setup error) when the bucket does not exist;
 * UnavailableError when the endpoint does not answer; PermissionDeniedError, UnauthenticatedError.
 * @example
 * export default defineConfig({
 *   plugins: [storageS3Plugin({ bucket: 'ml-artifacts', region: 'eu-west-1', prefix: 'mlops' })],
 * });
 */
export const storageS3Plugin = definePlugin<StorageS3Options>({
  name: '@mlops/plugin-storage-s3',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'BlobStore, multipart uploads and presigned URLs on S3 or an S3-compatible server',
  provides: [BlobStore, BlobMultipartUploads, BlobPresigner],
  configSchema: storageS3OptionsSchema,
  async setup(ctx) {
    const target = createS3Client(ctx.options);
    ctx.onClose(() => target.client.destroy());
    await checkBucket(target);
    const { partSizeBytes, queueSize, presignExpiresInSeconds } = ctx.options;
    ctx.provide(BlobStore, new S3BlobStore(target, { partSizeBytes, queueSize }));
    ctx.provide(BlobMultipartUploads, new S3MultipartUploads(target, { partSizeBytes, queueSize }));
    ctx.provide(BlobPresigner, new S3Presigner(target, presignExpiresInSeconds));
  },
});
