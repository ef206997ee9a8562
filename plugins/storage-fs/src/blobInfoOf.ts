import type { BlobInfo } from '@mlops/plugin-api';
import type { BlobFileMeta } from './blobTrailer.js';

/** The BlobInfo of an object file's metadata. */
export function blobInfoOf(key: string, meta: BlobFileMeta): BlobInfo {
  return {
    key,
    size: meta.size,
    sha256: meta.sha256,
    lastModified: new Date(meta.lastModified ?? 0),
    ...(meta.contentType !== undefined && { contentType: meta.contentType }),
  };
}
