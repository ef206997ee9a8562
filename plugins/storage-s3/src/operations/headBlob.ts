import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { BlobInfo } from '@mlops/plugin-api';
import { blobInfoOf } from '../blobInfoOf.js';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';

/**
 * What the store knows of blob `key`: one HeadObject.
 * @throws NotFoundError; InvalidArgumentError for a bad key; DataLossError for an object without
 * recorded sha256; UnavailableError, PermissionDeniedError... from S3.
 */
export async function headBlob(target: S3Target, key: string): Promise<BlobInfo> {
  const { client, location } = target;
  const objectKey = location.objectKey(key);
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: objectKey }));
    return blobInfoOf(key, head);
  } catch (err) {
    throw mapS3Error(err, location, `reading blob "${key}"`, `blob "${key}" does not exist`);
  }
}
