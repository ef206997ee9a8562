import { createToken } from '../Token.js';
import type { BlobBody, BlobInfo, PutOptions } from './BlobStore.js';

/** A part that arrived; `etag` identifies its bytes, to be passed back to `complete`. */
export interface UploadedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
}

/** A multipart upload in progress. */
export interface MultipartUpload {
  readonly key: string;
  readonly uploadId: string;
}

/**
 * Resumable uploads of large objects: parts (numbered from 1, uploaded in any order, retried at
 * will) are kept out of sight until `complete` commits them as one object, atomically, with its
 * sha256 recorded. Until then readers see the previous object or none. Implemented by the
 * providers of {@link BlobStore} that support it.
 */
export interface BlobMultipartUploads {
  /** @throws InvalidArgumentError for a bad key. */
  create(key: string, options?: PutOptions): Promise<MultipartUpload>;
  /**
   * Stores one part; uploading the same number again replaces it.
   * @throws NotFoundError for an unknown upload; InvalidArgumentError for a part number outside 1..10000.
   */
  uploadPart(upload: MultipartUpload, partNumber: number, body: BlobBody): Promise<UploadedPart>;
  /** The parts received so far, by part number: what a client resuming an upload asks first. */
  listParts(upload: MultipartUpload): Promise<UploadedPart[]>;
  /**
   * Joins the listed parts in order into the object. With `sha256` in `create`'s options, a
   * mismatch fails with DataLossError and stores nothing.
   * @throws NotFoundError; InvalidArgumentError when a part is missing or its etag differs.
   */
  complete(
    upload: MultipartUpload,
    parts: readonly { partNumber: number; etag: string }[],
  ): Promise<BlobInfo>;
  /** Drops the upload and its parts; aborting an unknown upload is not an error. */
  abort(upload: MultipartUpload): Promise<void>;
}

/** Multipart uploads of the BlobStore (storage-fs, storage-s3). */
export const BlobMultipartUploads = createToken<BlobMultipartUploads>({
  id: 'storage.blobMultipartUploads',
  description: 'resumable multipart uploads committed atomically',
});
