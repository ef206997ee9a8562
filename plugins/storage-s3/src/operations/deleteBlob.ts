import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';

/**
 * Removes blob `key`; S3 answers a missing key as a success, and so does this.
 * @throws InvalidArgumentError for a bad key; UnavailableError, PermissionDeniedError... from S3.
 */
export async function deleteBlob(target: S3Target, key: string): Promise<void> {
  const { client, location } = target;
  const objectKey = location.objectKey(key);
  try {
    await client.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: objectKey }));
  } catch (err) {
    throw mapS3Error(err, location, `deleting blob "${key}"`);
  }
}
