import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, validateBlobKey } from '@mlops/plugin-api';

/** The reserved folder, under the store's prefix, of objects not yet committed; never listed. */
export const tempFolder = '.mlops-tmp/';

/**
 * Where the store's objects live: a bucket, a key prefix inside it, and the endpoint they are
 * reached at. Maps blob keys to object keys and back, and names temporary objects.
 */
export class S3Location {
  /** The prefix of every object key, `''` or ending in `/`. */
  readonly root: string;

  /**
   * @param endpoint How error messages name the server: a URL without credentials, or the AWS region.
   */
  constructor(
    readonly bucket: string,
    prefix: string,
    readonly endpoint: string,
  ) {
    const trimmed = prefix.replace(/\/+$/, '');
    this.root = trimmed === '' ? '' : `${trimmed}/`;
  }

  /**
   * The object key of blob `key`, after checking the key.
   * @throws InvalidArgumentError for a bad key, or one inside the reserved temporary folder.
   */
  objectKey(key: string): string {
    validateBlobKey(key);
    if (key.startsWith(tempFolder)) {
      throw new InvalidArgumentError(
        `blob key ${JSON.stringify(key)} is invalid: "${tempFolder}" is reserved for uploads in progress`,
        { field: 'key', reason: 'reserved' },
      );
    }
    return this.root + key;
  }

  /** The blob key of an object key under {@link S3Location.root}. */
  blobKey(objectKey: string): string {
    return objectKey.slice(this.root.length);
  }

  /** Whether an object key is a temporary object, which no reader may see. */
  isTemp(objectKey: string): boolean {
    return objectKey.startsWith(this.root + tempFolder);
  }

  /** A fresh, unique object key for bytes on their way in. */
  newTempKey(): string {
    return `${this.root}${tempFolder}put/${randomUUID()}`;
  }

  /** The object key prefix of everything belonging to multipart upload `id`. */
  uploadFolder(id: string): string {
    return `${this.root}${tempFolder}uploads/${id}/`;
  }

  /** `bucket "b" at <endpoint>`, for error messages. */
  describe(): string {
    return `bucket "${this.bucket}" at ${this.endpoint}`;
  }
}
