import { rmdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import {
  type BlobBody,
  type BlobInfo,
  type BlobPage,
  type BlobStore,
  type GetOptions,
  type ListOptions,
  NotFoundError,
  type PutOptions,
  resolveByteRange,
} from '@mlops/plugin-api';
import { blobInfoOf } from './blobInfoOf.js';
import { bodyChunks } from './bodyChunks.js';
import { listObjects } from './listObjects.js';
import { dataStream, type OpenBlobFile } from './openBlobFile.js';
import { openObject } from './openObject.js';
import { checkKey, type StorageLayout } from './StorageLayout.js';
import { storageFailure } from './storageFailure.js';
import { syncDirectory } from './syncDirectory.js';
import { verifiedStream } from './verifiedStream.js';
import { writeObject } from './writeObject.js';

/**
 * The BlobStore port on a local directory. Each object is one immutable file holding its bytes
 * and, in a trailer, its key, size, sha256, content type and time; a put writes a temp file and
 * renames it over the old one, so readers see either whole. Make one with {@link openFsStorage}.
 */
export class FsBlobStore implements BlobStore {
  /** @param layout The paths under the root, which must exist. */
  constructor(
    private readonly layout: StorageLayout,
    private readonly fsync: boolean,
  ) {}

  /** The absolute path of the store's root directory. */
  get root(): string {
    return this.layout.root;
  }

  /**
   * Streams `body` to disk while hashing it, then commits it with one rename.
   * @throws InvalidArgumentError for a bad key, body or option; DataLossError when `sha256` does
   * not match; UnavailableError when the disk fails. The old object then stays.
   */
  async put(key: string, body: BlobBody, options: PutOptions = {}): Promise<BlobInfo> {
    checkKey(key);
    try {
      return await writeObject(this.layout, this.fsync, key, bodyChunks(body, `blob "${key}"`), options);
    } catch (err) {
      throw storageFailure(err, `put blob "${key}"`);
    }
  }

  /**
   * Streams the object from disk. A full read is hashed on the way and fails with DataLossError at
   * its end if the bytes differ from the recorded sha256; a ranged read is not checked.
   * @throws NotFoundError; InvalidArgumentError for a bad key or range; DataLossError for damaged metadata.
   */
  async get(key: string, options: GetOptions = {}): Promise<Readable> {
    const file = await this.open(key, 'get');
    if (options.range === undefined) {
      return verifiedStream(dataStream(file), `blob "${key}"`, file.meta.sha256);
    }
    try {
      return dataStream(file, resolveByteRange(key, options.range, file.meta.size));
    } catch (err) {
      await file.handle.close();
      throw err;
    }
  }

  /** @throws NotFoundError; InvalidArgumentError for a bad key; DataLossError for damaged metadata. */
  async head(key: string): Promise<BlobInfo> {
    const file = await this.open(key, 'head');
    await file.handle.close();
    return blobInfoOf(key, file.meta);
  }

  /** @throws InvalidArgumentError for a bad `pageSize` or `pageToken`; DataLossError for damaged metadata. */
  async list(options: ListOptions = {}): Promise<BlobPage> {
    try {
      return await listObjects(this.layout, options);
    } catch (err) {
      throw storageFailure(err, 'list blobs');
    }
  }

  /**
   * Removes the object's file, then the directories it leaves empty.
   * @throws InvalidArgumentError for a bad key; UnavailableError when the disk fails.
   */
  async delete(key: string): Promise<void> {
    const path = this.layout.objectPath(key);
    try {
      await unlink(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw storageFailure(err, `delete blob "${key}"`);
    }
    try {
      if (this.fsync) await syncDirectory(dirname(path));
    } catch (err) {
      throw storageFailure(err, `delete blob "${key}"`);
    }
    await this.pruneFrom(dirname(path));
  }

  private async open(key: string, action: string): Promise<OpenBlobFile> {
    const path = this.layout.objectPath(key);
    let file: OpenBlobFile | undefined;
    try {
      file = await openObject(path, key);
    } catch (err) {
      throw storageFailure(err, `${action} blob "${key}"`);
    }
    if (file === undefined) throw new NotFoundError(`blob "${key}" does not exist`, { field: 'key' });
    return file;
  }

  // A put racing with this retries its rename if the directory goes (see commitBlobFile).
  private async pruneFrom(directory: string): Promise<void> {
    for (let at = directory; at.length > this.layout.objects.length; at = dirname(at)) {
      try {
        await rmdir(at);
      } catch {
        return;
      }
    }
  }
}
