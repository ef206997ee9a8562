import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  type BlobInfo,
  type BlobPage,
  decodeBlobPageToken,
  encodeBlobPageToken,
  InvalidArgumentError,
  type ListOptions,
  NotFoundError,
} from '@mlops/plugin-api';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';
import { tempFolder } from '../S3Location.js';
import { headBlob } from './headBlob.js';

/** HeadObject calls in flight at once while a page is described. */
const headConcurrency = 16;

/**
 * One page of blobs in S3's (UTF-8 byte) key order. ListObjectsV2 gives keys and sizes but not
 * metadata, so each listed object costs one HeadObject for its sha256 and content type (16 in
 * parallel). The page token is the last key (StartAfter), so paging stays exact when objects
 * come and go between pages. Temporary objects are skipped over.
 * @throws InvalidArgumentError for a bad `pageSize` or `pageToken`; DataLossError for an object
 * without recorded sha256; UnavailableError, PermissionDeniedError... from S3.
 */
export async function listBlobs(target: S3Target, options: ListOptions): Promise<BlobPage> {
  const { client, location } = target;
  const { prefix = '', pageSize = 1000 } = options;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new InvalidArgumentError(`pageSize ${pageSize} must be a whole number >= 1`, { field: 'pageSize' });
  }
  const after = options.pageToken === undefined ? undefined : decodeBlobPageToken(options.pageToken);
  let startAfter = after === undefined ? undefined : location.root + after;
  const keys: string[] = [];
  let more = false;
  try {
    for (;;) {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: location.bucket,
          Prefix: location.root + prefix,
          MaxKeys: Math.min(1000, pageSize - keys.length + 1),
          ...(startAfter !== undefined && { StartAfter: startAfter }),
        }),
      );
      let jumped = false;
      for (const { Key } of page.Contents ?? []) {
        if (Key === undefined) continue;
        if (location.isTemp(Key)) {
          // Past the whole temporary folder at once: it may hold thousands of parts.
          startAfter = `${location.root}${tempFolder}\u{10FFFF}`;
          jumped = true;
          break;
        }
        startAfter = Key;
        if (keys.length === pageSize) {
          more = true;
          break;
        }
        keys.push(location.blobKey(Key));
      }
      if (more || (page.Contents ?? []).length === 0 || (!jumped && page.IsTruncated !== true)) break;
    }
  } catch (err) {
    throw mapS3Error(err, location, `listing blobs under "${prefix}"`);
  }
  const items = await describeAll(target, keys);
  return more ? { items, nextPageToken: encodeBlobPageToken(keys.at(-1)!) } : { items };
}

/** HeadObject for each key, a few at a time, in key order; a key deleted meanwhile is left out. */
async function describeAll(target: S3Target, keys: readonly string[]): Promise<BlobInfo[]> {
  const infos: (BlobInfo | undefined)[] = new Array(keys.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const at = next++;
      try {
        infos[at] = await headBlob(target, keys[at]!);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(headConcurrency, keys.length) }, worker));
  return infos.filter((info): info is BlobInfo => info !== undefined);
}
