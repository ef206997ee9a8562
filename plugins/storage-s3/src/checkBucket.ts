import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { FailedPreconditionError } from '@mlops/plugin-api';
import type { S3Target } from './createS3Client.js';
import { mapS3Error } from './mapS3Error.js';

/**
 * Fails fast when the bucket is missing, unreachable or closed to these credentials: one HeadBucket.
 * @throws FailedPreconditionError when the bucket does not exist; UnavailableError,
 * PermissionDeniedError, UnauthenticatedError otherwise.
 */
export async function checkBucket(target: S3Target): Promise<void> {
  const { client, location } = target;
  try {
    await client.send(new HeadBucketCommand({ Bucket: location.bucket }));
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) {
      throw new FailedPreconditionError(
        `${location.describe()} does not exist`,
        { field: 'bucket' },
        { cause: err },
      );
    }
    throw mapS3Error(err, location, 'checking the bucket');
  }
}
