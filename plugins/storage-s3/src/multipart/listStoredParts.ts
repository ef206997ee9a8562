import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { UploadedPart } from '@mlops/plugin-api';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';

/**
 * Every object under `folder` (all pages), as S3 lists them: key, size and ETag without quotes.
 * @throws UnavailableError, PermissionDeniedError... from S3.
 */
export async function listFolder(
  target: S3Target,
  folder: string,
  subject: string,
): Promise<{ key: string; size: number; etag: string }[]> {
  const { client, location } = target;
  const found: { key: string; size: number; etag: string }[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: location.bucket,
          Prefix: folder,
          ...(token !== undefined && { ContinuationToken: token }),
        }),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        found.push({ key: item.Key, size: item.Size ?? 0, etag: (item.ETag ?? '').replaceAll('"', '') });
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  } catch (err) {
    throw mapS3Error(err, location, subject);
  }
  return found;
}

/** The parts stored under `partsFolder`, by part number. */
export async function listStoredParts(
  target: S3Target,
  partsFolder: string,
  uploadId: string,
): Promise<UploadedPart[]> {
  const objects = await listFolder(
    target,
    partsFolder,
    `listing the parts of multipart upload "${uploadId}"`,
  );
  return objects
    .map(({ key, size, etag }) => ({ partNumber: Number(key.slice(partsFolder.length)), etag, size }))
    .filter((part) => Number.isSafeInteger(part.partNumber))
    .sort((a, b) => a.partNumber - b.partNumber);
}
