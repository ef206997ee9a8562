import type { Readable } from 'node:stream';
import { createToken } from '../Token.js';

/** What a store knows of one object. */
export interface BlobInfo {
  readonly key: string;
  readonly size: number;
  /** Hex sha256 of the whole object, recorded on write. */
  readonly sha256: string;
  readonly contentType?: string;
  readonly lastModified: Date;
}

/** Bytes to store: a buffer, a string (UTF-8), a readable stream or any async iterable of chunks. */
export type BlobBody = Uint8Array | string | Readable | AsyncIterable<Uint8Array>;

/** Options of {@link BlobStore.put}. */
export interface PutOptions {
  contentType?: string;
  /** Expected sha256; the write fails with DataLoss and stores nothing when the bytes differ. */
  sha256?: string;
}

/** Options of {@link BlobStore.get}. */
export interface GetOptions {
  /**
   * Byte range, `end` inclusive (as HTTP ranges); an `end` past the last byte is clamped to it.
   * A `start` past the last byte (so any range of an empty object), a negative or fractional bound,
   * or `end < start` is an InvalidArgumentError with `details.field` `range`. A ranged read is not
   * checksummed.
   */
  range?: { start: number; end?: number };
}

/** Options of {@link BlobStore.list}. */
export interface ListOptions {
  /** Only keys that start with this string (a string prefix, as in S3: `a/b` matches `a/bc`). */
  prefix?: string;
  /** At most this many items per page (default 1000). */
  pageSize?: number;
  /** The `nextPageToken` of the previous page. */
  pageToken?: string;
}

/** One page of a listing, in ascending key order. */
export interface BlobPage {
  readonly items: readonly BlobInfo[];
  readonly nextPageToken?: string;
}

/**
 * Object storage for artifacts and models. Keys are `/`-separated relative paths without `..`,
 * empty segments or NUL; every method rejects a bad key with InvalidArgumentError, `details.field`
 * `key`. Writes are atomic: a reader sees the old object or the new one, and a failed put leaves
 * the old one.
 */
export interface BlobStore {
  /**
   * Stores `body` under `key`, replacing any object there.
   * @throws InvalidArgumentError for a bad key; DataLossError when `sha256` does not match.
   */
  put(key: string, body: BlobBody, options?: PutOptions): Promise<BlobInfo>;
  /**
   * Streams the object. A full read is checked against the recorded sha256, and the stream fails
   * with DataLossError (at the latest at its end) if the bytes differ.
   * @throws NotFoundError; InvalidArgumentError for a bad key or range.
   */
  get(key: string, options?: GetOptions): Promise<Readable>;
  /** @throws NotFoundError */
  head(key: string): Promise<BlobInfo>;
  list(options?: ListOptions): Promise<BlobPage>;
  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** Artifact storage (storage-fs by default, storage-s3 at scale). */
export const BlobStore = createToken<BlobStore>({
  id: 'storage.blobStore',
  description: 'streamed object storage with sha256 verification',
});
