import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type BlobBody,
  type BlobInfo,
  type BlobPage,
  type BlobStore,
  DataLossError,
  decodeBlobPageToken,
  encodeBlobPageToken,
  FailedPreconditionError,
  type GetOptions,
  InvalidArgumentError,
  type ListOptions,
  NotFoundError,
  type PutOptions,
  resolveByteRange,
  validateBlobKey,
} from '@mlops/plugin-api';
import { collectBody } from './collectBody.js';
import type { MemoryBlobStoreOptions } from './options.js';

/** One stored object. The store never changes one in place: a put swaps in a new record. */
export interface MemoryBlob {
  readonly bytes: Buffer;
  /** Hex sha256 of `bytes`, computed when they were written. */
  readonly sha256: string;
  readonly contentType?: string;
  readonly lastModified: Date;
}

const chunkSize = 64 * 1024;

/**
 * The BlobStore port in process memory: sha256 recorded on write and checked on every full read,
 * atomic puts (the body is read whole before the object is swapped in), ranges and paging, with
 * at most `maxBytes` held in all. Everything is lost when the process ends.
 */
export class MemoryBlobStore implements BlobStore {
  private held = 0;

  /**
   * @param objects The map the objects live in, by key. Pass your own to look at the stored bytes
   * from outside, e.g. to corrupt one in a test.
   */
  constructor(
    private readonly options: MemoryBlobStoreOptions,
    private readonly objects: Map<string, MemoryBlob> = new Map(),
  ) {
    for (const blob of objects.values()) this.held += blob.bytes.length;
  }

  /** Bytes held now, all objects together. */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * @throws InvalidArgumentError for a bad key or a malformed `sha256`; DataLossError when the
   * bytes do not match `sha256`; FailedPreconditionError past `maxBytes`. Nothing is stored then.
   */
  async put(key: string, body: BlobBody, options: PutOptions = {}): Promise<BlobInfo> {
    validateBlobKey(key);
    const expected = options.sha256;
    if (expected !== undefined && !/^[0-9a-f]{64}$/i.test(expected)) {
      throw new InvalidArgumentError(
        `sha256 ${JSON.stringify(expected)} for blob "${key}" is not 64 hex digits`,
        {
          field: 'sha256',
        },
      );
    }
    const bytes = await collectBody(body, (size) => this.checkRoom(key, size));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (expected !== undefined && expected.toLowerCase() !== sha256) {
      throw new DataLossError(
        `blob "${key}" was not stored: its bytes hash to ${sha256}, but sha256 ${expected} was expected`,
        { field: 'sha256', reason: 'checksum_mismatch' },
      );
    }
    // Checked again: other puts may have been committed while this body was read.
    this.checkRoom(key, bytes.length);
    const blob: MemoryBlob = {
      bytes,
      sha256,
      lastModified: new Date(),
      ...(options.contentType !== undefined && { contentType: options.contentType }),
    };
    this.held += bytes.length - (this.objects.get(key)?.bytes.length ?? 0);
    this.objects.set(key, blob);
    return infoOf(key, blob);
  }

  /**
   * A full read checks the bytes against the recorded sha256 before serving any of them, and the
   * stream fails with DataLossError when they differ.
   * @throws NotFoundError; InvalidArgumentError for a bad key or range.
   */
  async get(key: string, options: GetOptions = {}): Promise<Readable> {
    const blob = this.find(key);
    if (options.range !== undefined) {
      const { start, end } = resolveByteRange(key, options.range, blob.bytes.length);
      return Readable.from(chunksOf(blob.bytes.subarray(start, end + 1)), { objectMode: false });
    }
    return Readable.from(verifiedChunksOf(key, blob), { objectMode: false });
  }

  /** @throws NotFoundError; InvalidArgumentError for a bad key. */
  async head(key: string): Promise<BlobInfo> {
    return infoOf(key, this.find(key));
  }

  /** @throws InvalidArgumentError for a bad `pageSize` or `pageToken`. */
  async list(options: ListOptions = {}): Promise<BlobPage> {
    const { prefix = '', pageSize = 1000 } = options;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
      throw new InvalidArgumentError(`pageSize ${pageSize} must be a whole number >= 1`, {
        field: 'pageSize',
      });
    }
    const after = options.pageToken === undefined ? undefined : decodeBlobPageToken(options.pageToken);
    const keys = [...this.objects.keys()]
      .filter((key) => key.startsWith(prefix) && (after === undefined || key > after))
      .sort();
    const page = keys.slice(0, pageSize);
    const items = page.map((key) => infoOf(key, this.objects.get(key)!));
    return keys.length > pageSize ? { items, nextPageToken: encodeBlobPageToken(page.at(-1)!) } : { items };
  }

  /** @throws InvalidArgumentError for a bad key. */
  async delete(key: string): Promise<void> {
    validateBlobKey(key);
    const blob = this.objects.get(key);
    if (blob === undefined) return;
    this.held -= blob.bytes.length;
    this.objects.delete(key);
  }

  private find(key: string): MemoryBlob {
    validateBlobKey(key);
    const blob = this.objects.get(key);
    if (blob === undefined) throw new NotFoundError(`blob "${key}" does not exist`, { field: 'key' });
    return blob;
  }

  private checkRoom(key: string, size: number): void {
    const others = this.held - (this.objects.get(key)?.bytes.length ?? 0);
    if (others + size > this.options.maxBytes) {
      throw new FailedPreconditionError(
        `blob "${key}" was not stored: it would take the store past maxBytes (${this.options.maxBytes} bytes)`,
        { field: 'maxBytes', reason: 'store_full' },
      );
    }
  }
}

function infoOf(key: string, blob: MemoryBlob): BlobInfo {
  return {
    key,
    size: blob.bytes.length,
    sha256: blob.sha256,
    lastModified: new Date(blob.lastModified),
    ...(blob.contentType !== undefined && { contentType: blob.contentType }),
  };
}

// Copies, so that a reader changing a chunk cannot change the stored object.
function* chunksOf(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += chunkSize) yield Buffer.from(bytes.subarray(at, at + chunkSize));
}

function* verifiedChunksOf(key: string, blob: MemoryBlob): Generator<Buffer> {
  const actual = createHash('sha256').update(blob.bytes).digest('hex');
  if (actual !== blob.sha256) {
    throw new DataLossError(
      `blob "${key}" is corrupt: its bytes hash to ${actual}, but ${blob.sha256} was recorded when it was written`,
      { field: 'key', reason: 'checksum_mismatch' },
    );
  }
  yield* chunksOf(blob.bytes);
}
