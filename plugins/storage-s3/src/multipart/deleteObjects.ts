import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';

/**
 * Deletes objects by key, 1000 per DeleteObjects request.
 * @throws UnavailableError, PermissionDeniedError... from S3, or InternalError naming the first
 * key S3 reported it could not delete.
 */
export async function deleteObjects(
  target: S3Target,
  keys: readonly string[],
  subject: string,
): Promise<void> {
  const { client, location } = target;
  for (let at = 0; at < keys.length; at += 1000) {
    const batch = keys.slice(at, at + 1000);
    let failed: { Key?: string | undefined; Code?: string | undefined }[] | undefined;
    try {
      const result = await client.send(
        new DeleteObjectsCommand({
          Bucket: location.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      failed = result.Errors;
    } catch (err) {
      throw mapS3Error(err, location, subject);
    }
    const first = failed?.[0];
    if (first !== undefined) {
      throw mapS3Error(
        {
          name: first.Code ?? 'DeleteFailed',
          $metadata: { httpStatusCode: first.Code === 'AccessDenied' ? 403 : 500 },
        },
        location,
        `${subject} (object "${first.Key}")`,
      );
    }
  }
}
