import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { InvalidArgumentError, validateBlobKey } from '@mlops/plugin-api';
import { directoryName, objectFileName } from './segmentName.js';

/** The longest key, in UTF-8 bytes: S3's limit, so that keys move between storage-fs and storage-s3. */
export const maxKeyBytes = 1024;

const loneSurrogate = /\p{Surrogate}/u;

/**
 * Where things live under the root: `objects/` (one file per committed object, in a tree that
 * mirrors the keys), `tmp/` (files being written; never listed) and `uploads/` (multipart uploads).
 * All three sit on one filesystem, so a rename from `tmp/` commits atomically.
 */
export class StorageLayout {
  /** Committed objects. */
  readonly objects: string;
  /** Files and directories in the making or being removed. */
  readonly tmp: string;
  /** One directory per multipart upload in progress. */
  readonly uploads: string;

  /** @param root An absolute path. */
  constructor(readonly root: string) {
    this.objects = join(root, 'objects');
    this.tmp = join(root, 'tmp');
    this.uploads = join(root, 'uploads');
  }

  /**
   * The file of `key`: one directory per segment but the last (`name~`), then the object file.
   * The mapping is injective, and no name is empty, `.`, `..` or holds a `/`, so no key leaves
   * `objects/`.
   * @throws InvalidArgumentError with `details.field` `key` for a key the port or this store refuses.
   */
  objectPath(key: string): string {
    checkKey(key);
    const segments = key.split('/');
    const last = segments.pop() as string;
    return join(this.objects, ...segments.map(directoryName), objectFileName(last));
  }

  /** A fresh name in `tmp/`; `purpose` ends it, to tell what a leftover was for. */
  tempPath(purpose: 'object' | 'part' | 'upload' | 'removed' | 'probe'): string {
    return join(this.tmp, `${randomBytes(12).toString('hex')}.${purpose}`);
  }

  /** The directory of an upload; undefined for an id this store cannot have made. */
  uploadDir(uploadId: unknown): string | undefined {
    return typeof uploadId === 'string' && /^[0-9a-f]{32}$/.test(uploadId)
      ? join(this.uploads, uploadId)
      : undefined;
  }
}

/**
 * The port's key rules, plus this store's: at most {@link maxKeyBytes} bytes, and well-formed
 * Unicode (a lone surrogate has no UTF-8 form, so two such keys could share a file).
 * @throws InvalidArgumentError with `details.field` `key`.
 */
export function checkKey(key: string): void {
  validateBlobKey(key);
  const refuse = (reason: string, why: string): never => {
    throw new InvalidArgumentError(`blob key ${JSON.stringify(key)} is invalid: ${why}`, {
      field: 'key',
      reason,
    });
  };
  if (loneSurrogate.test(key)) refuse('not_unicode', 'it holds a lone UTF-16 surrogate');
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > maxKeyBytes) refuse('too_long', `it is ${bytes} bytes long in UTF-8, more than ${maxKeyBytes}`);
}
