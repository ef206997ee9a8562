import { type BlobInfo, DataLossError } from '@mlops/plugin-api';

/** The metadata key (`x-amz-meta-sha256`) holding an object's hex sha256. */
export const sha256MetadataKey = 'sha256';

/** The fields of a HeadObject or GetObject answer that describe the object. */
export interface ObjectHead {
  ContentLength?: number | undefined;
  ContentType?: string | undefined;
  LastModified?: Date | undefined;
  Metadata?: Record<string, string> | undefined;
}

/**
 * The BlobInfo of blob `key` from S3's answer about its object.
 * @throws DataLossError when the object has no valid recorded sha256 (it was not written through
 * this store, or its metadata was changed): it could not be verified, so it is not served.
 */
export function blobInfoOf(key: string, head: ObjectHead): BlobInfo {
  return {
    key,
    size: head.ContentLength ?? 0,
    sha256: recordedSha256(key, head),
    lastModified: head.LastModified ?? new Date(0),
    ...(head.ContentType !== undefined && { contentType: head.ContentType }),
  };
}

/** The hex sha256 recorded in the object's `x-amz-meta-sha256`. @throws DataLossError when absent or malformed. */
export function recordedSha256(key: string, head: ObjectHead): string {
  const sha256 = head.Metadata?.[sha256MetadataKey];
  if (sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new DataLossError(
      `blob "${key}" has no recorded sha256 (x-amz-meta-${sha256MetadataKey}), so it cannot be verified; ` +
        'it was not written through this store',
      { field: 'key', reason: 'no_checksum' },
    );
  }
  return sha256;
}
