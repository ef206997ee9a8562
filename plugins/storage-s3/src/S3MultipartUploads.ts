import { randomBytes } from 'node:crypto';
import {
  type BlobBody,
  type BlobInfo,
  type BlobMultipartUploads,
  InvalidArgumentError,
  type MultipartUpload,
  NotFoundError,
  type PutOptions,
  type UploadedPart,
} from '@mlops/plugin-api';
import type { S3Target } from './createS3Client.js';
import { completeUpload } from './multipart/completeUpload.js';
import { deleteObjects } from './multipart/deleteObjects.js';
import { listFolder, listStoredParts } from './multipart/listStoredParts.js';
import { partKey, partsFolder, readManifest, writeManifest } from './multipart/uploadManifest.js';
import { type StageSettings, stageBody } from './operations/stageBody.js';
import { parseSha256 } from './parseSha256.js';

/**
 * Resumable multipart uploads. Each part is an object of its own in the upload's folder under
 * `<prefix>.mlops-tmp/uploads/<id>/`, next to a small manifest, so an upload survives restarts,
 * can be continued from any replica, and works on any S3 server (s3rver has no ListParts nor
 * AbortMultipartUpload). Parts may be of any size, unlike S3's native 5 MiB minimum.
 * `complete` streams the parts once more through the server to hash and join them.
 */
export class S3MultipartUploads implements BlobMultipartUploads {
  constructor(
    private readonly target: S3Target,
    private readonly settings: StageSettings,
  ) {}

  /** @throws InvalidArgumentError for a bad key or sha256; UnavailableError, PermissionDeniedError from S3. */
  async create(key: string, options: PutOptions = {}): Promise<MultipartUpload> {
    this.target.location.objectKey(key);
    const sha256 = options.sha256 === undefined ? undefined : parseSha256(options.sha256, key);
    const uploadId = randomBytes(16).toString('hex');
    await writeManifest(this.target, uploadId, {
      key,
      ...(sha256 !== undefined && { sha256 }),
      ...(options.contentType !== undefined && { contentType: options.contentType }),
    });
    return { key, uploadId };
  }

  /**
   * Streams the part to its own object (replacing an earlier one of the same number).
   * @throws NotFoundError for an unknown upload; InvalidArgumentError for a part number outside 1..10000.
   */
  async uploadPart(upload: MultipartUpload, partNumber: number, body: BlobBody): Promise<UploadedPart> {
    if (!Number.isSafeInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      throw new InvalidArgumentError(
        `part number ${partNumber} of multipart upload "${upload.uploadId}" is not a whole number from 1 to 10000`,
        { field: 'partNumber' },
      );
    }
    await readManifest(this.target, upload);
    const subject = `uploading part ${partNumber} of multipart upload "${upload.uploadId}"`;
    const key = partKey(this.target, upload.uploadId, partNumber);
    const part = await stageBody(this.target, body, this.settings, subject, key);
    return { partNumber, etag: part.etag, size: part.size };
  }

  /** @throws NotFoundError for an unknown upload. */
  async listParts(upload: MultipartUpload): Promise<UploadedPart[]> {
    await readManifest(this.target, upload);
    return listStoredParts(this.target, partsFolder(this.target, upload.uploadId), upload.uploadId);
  }

  /**
   * Part numbers must be listed in ascending order.
   * @throws NotFoundError; InvalidArgumentError when a part is missing, out of order or its etag
   * differs; DataLossError when the bytes do not match `create`'s sha256 (nothing is stored).
   */
  complete(
    upload: MultipartUpload,
    parts: readonly { partNumber: number; etag: string }[],
  ): Promise<BlobInfo> {
    return completeUpload(this.target, this.settings, upload, parts);
  }

  /** Deletes the upload's folder; an unknown upload is not an error. */
  async abort(upload: MultipartUpload): Promise<void> {
    try {
      await readManifest(this.target, upload);
    } catch (err) {
      if (err instanceof NotFoundError) return;
      throw err;
    }
    const folder = this.target.location.uploadFolder(upload.uploadId);
    const subject = `aborting multipart upload "${upload.uploadId}"`;
    const objects = await listFolder(this.target, folder, subject);
    await deleteObjects(
      this.target,
      objects.map((object) => object.key),
      subject,
    );
  }
}
