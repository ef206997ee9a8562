import { randomBytes } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  BlobBody,
  BlobInfo,
  BlobMultipartUploads,
  MultipartUpload,
  PutOptions,
  UploadedPart,
} from '@mlops/plugin-api';
import { bodyChunks } from './bodyChunks.js';
import { completeUpload, type ListedPart } from './completeUpload.js';
import { checkKey, type StorageLayout } from './StorageLayout.js';
import { storageFailure } from './storageFailure.js';
import { syncDirectory } from './syncDirectory.js';
import { findUpload, requireUpload, unknownUpload, writeUploadRecord } from './UploadRecord.js';
import {
  checkPartNumber,
  partFileName,
  partName,
  readUploadedParts,
  removeUploadDirectory,
} from './uploadParts.js';
import { writeBlobFile } from './writeBlobFile.js';
import { checkPutOptions } from './writeObject.js';

/**
 * Multipart uploads into the {@link FsBlobStore} of the same root: each upload is a directory of
 * `uploads/`, each part a file there (bytes and sha256, committed by rename like an object), and
 * `complete` streams the parts into one object. Make one with {@link openFsStorage}.
 */
export class FsMultipartUploads implements BlobMultipartUploads {
  /** @param layout The paths under the root, which must exist. */
  constructor(
    private readonly layout: StorageLayout,
    private readonly fsync: boolean,
  ) {}

  /** @throws InvalidArgumentError for a bad key or option; UnavailableError when the disk fails. */
  async create(key: string, options: PutOptions = {}): Promise<MultipartUpload> {
    checkKey(key);
    const sha256 = checkPutOptions(key, options);
    const uploadId = randomBytes(16).toString('hex');
    const directory = join(this.layout.uploads, uploadId);
    try {
      await mkdir(directory);
      await writeUploadRecord(
        this.layout,
        directory,
        {
          key,
          created: new Date().toISOString(),
          ...(options.contentType !== undefined && { contentType: options.contentType }),
          ...(sha256 !== undefined && { sha256 }),
        },
        this.fsync,
      );
    } catch (err) {
      throw storageFailure(err, `create a multipart upload of blob "${key}"`);
    }
    return { key, uploadId };
  }

  /**
   * Streams the part to disk while hashing it; its etag is that sha256. A part uploaded again
   * replaces the earlier one atomically.
   * @throws NotFoundError for an unknown upload; InvalidArgumentError for a part number outside 1..10000.
   */
  async uploadPart(upload: MultipartUpload, partNumber: number, body: BlobBody): Promise<UploadedPart> {
    checkPartNumber(upload, partNumber, 'partNumber');
    const what = partName(upload, partNumber);
    try {
      const { directory } = await requireUpload(this.layout, upload);
      const temp = this.layout.tempPath('part');
      const meta = await writeBlobFile(temp, bodyChunks(body, what), this.fsync, (digest) => ({
        ...digest,
        partNumber,
      }));
      try {
        await rename(temp, join(directory, partFileName(partNumber)));
      } catch (err) {
        // The upload was completed or aborted while the part was being written.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw unknownUpload(upload);
        throw err;
      }
      if (this.fsync) await syncDirectory(directory);
      return { partNumber, etag: meta.sha256, size: meta.size };
    } catch (err) {
      throw storageFailure(err, `store ${what}`);
    }
  }

  /** @throws NotFoundError for an unknown upload. */
  async listParts(upload: MultipartUpload): Promise<UploadedPart[]> {
    try {
      const { directory } = await requireUpload(this.layout, upload);
      return await readUploadedParts(directory, upload);
    } catch (err) {
      throw storageFailure(err, `list the parts of multipart upload "${upload?.uploadId}"`);
    }
  }

  /**
   * Joins the listed parts, in ascending part number, into the object, committed atomically.
   * Parts not listed are dropped with the upload.
   * @throws NotFoundError for an unknown upload; InvalidArgumentError for an empty or unordered
   * list, a missing part or an etag that differs; DataLossError when the sha256 given at create differs.
   */
  async complete(upload: MultipartUpload, parts: readonly ListedPart[]): Promise<BlobInfo> {
    try {
      const found = await requireUpload(this.layout, upload);
      return await completeUpload(this.layout, this.fsync, upload, found, parts);
    } catch (err) {
      throw storageFailure(err, `complete multipart upload "${upload?.uploadId}"`);
    }
  }

  /** Drops the upload and its parts; aborting an unknown upload is not an error. */
  async abort(upload: MultipartUpload): Promise<void> {
    try {
      const found = await findUpload(this.layout, upload);
      if (found !== undefined) await removeUploadDirectory(this.layout, found.directory);
    } catch (err) {
      throw storageFailure(err, `abort multipart upload "${upload?.uploadId}"`);
    }
  }
}
