import type { Readable } from 'node:stream';
import type {
  BlobBody,
  BlobInfo,
  BlobPage,
  BlobStore,
  GetOptions,
  ListOptions,
  PutOptions,
} from '@mlops/plugin-api';
import type { S3Target } from './createS3Client.js';
import { deleteBlob } from './operations/deleteBlob.js';
import { getBlob } from './operations/getBlob.js';
import { headBlob } from './operations/headBlob.js';
import { listBlobs } from './operations/listBlobs.js';
import { putBlob } from './operations/putBlob.js';
import type { StageSettings } from './operations/stageBody.js';

/**
 * The BlobStore port on an S3 bucket. Each object records its sha256 in `x-amz-meta-sha256`;
 * a put streams to a temporary object under `<prefix>.mlops-tmp/` and commits by server-side copy,
 * so readers see the old object or the new one; full reads are verified. Keys under
 * `.mlops-tmp/` are reserved.
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly target: S3Target,
    private readonly settings: StageSettings,
  ) {}

  /**
   * @throws InvalidArgumentError for a bad key or sha256; DataLossError when the bytes do not match
   * `options.sha256`; UnavailableError, PermissionDeniedError, UnauthenticatedError from S3.
   */
  put(key: string, body: BlobBody, options: PutOptions = {}): Promise<BlobInfo> {
    return putBlob(this.target, this.settings, key, body, options);
  }

  /**
   * A full read fails with DataLossError at its end when the bytes do not match the recorded sha256.
   * @throws NotFoundError; InvalidArgumentError for a bad key or range; DataLossError for an object
   * with no recorded sha256; UnavailableError, PermissionDeniedError from S3.
   */
  get(key: string, options: GetOptions = {}): Promise<Readable> {
    return getBlob(this.target, key, options);
  }

  /** @throws NotFoundError; InvalidArgumentError for a bad key; DataLossError with no recorded sha256. */
  head(key: string): Promise<BlobInfo> {
    return headBlob(this.target, key);
  }

  /** One ListObjectsV2 plus one HeadObject per item. @throws InvalidArgumentError for a bad page option. */
  list(options: ListOptions = {}): Promise<BlobPage> {
    return listBlobs(this.target, options);
  }

  /** @throws InvalidArgumentError for a bad key; UnavailableError, PermissionDeniedError from S3. */
  delete(key: string): Promise<void> {
    return deleteBlob(this.target, key);
  }
}
