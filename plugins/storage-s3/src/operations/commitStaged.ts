import { CopyObjectCommand } from '@aws-sdk/client-s3';
import type { BlobInfo } from '@mlops/plugin-api';
import { sha256MetadataKey } from '../blobInfoOf.js';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';
import { copyInParts } from './copyInParts.js';
import { deleteTempObject, type StagedObject } from './stageBody.js';

/** CopyObject's limit; larger objects are copied part by part. */
export const maxSingleCopyBytes = 5 * 1024 ** 3;

/**
 * Commits staged bytes as blob `key`: a server-side copy of the temporary object to the final
 * object key, with the sha256 metadata, then removal of the temporary object. The copy is atomic:
 * readers see the previous object until it completes.
 * @throws UnavailableError, PermissionDeniedError... from S3 (see mapS3Error); the staged object
 * is removed then too.
 */
export async function commitStaged(
  target: S3Target,
  staged: StagedObject,
  key: string,
  contentType: string | undefined,
): Promise<BlobInfo> {
  const { client, location } = target;
  const destination = {
    Bucket: location.bucket,
    Key: location.objectKey(key),
    Metadata: { [sha256MetadataKey]: staged.sha256 },
    ...(contentType !== undefined && { ContentType: contentType }),
  };
  const copySource = `${location.bucket}/${encodeKey(staged.tempKey)}`;
  let lastModified: Date | undefined;
  try {
    if (staged.size <= maxSingleCopyBytes) {
      const copied = await client.send(
        new CopyObjectCommand({ ...destination, CopySource: copySource, MetadataDirective: 'REPLACE' }),
      );
      lastModified = copied.CopyObjectResult?.LastModified;
    } else {
      await copyInParts(client, destination, copySource, staged.size);
    }
  } catch (err) {
    throw mapS3Error(err, location, `committing blob "${key}"`);
  } finally {
    await deleteTempObject(target, staged.tempKey);
  }
  return {
    key,
    size: staged.size,
    sha256: staged.sha256,
    lastModified: lastModified ?? new Date(),
    ...(contentType !== undefined && { contentType }),
  };
}

/** An object key as CopySource wants it: each segment URL-encoded, the slashes kept. */
function encodeKey(objectKey: string): string {
  return objectKey.split('/').map(encodeURIComponent).join('/');
}
