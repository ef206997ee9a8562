import { type BlobInfo, DataLossError, InvalidArgumentError, type PutOptions } from '@mlops/plugin-api';
import { blobInfoOf } from './blobInfoOf.js';
import { commitBlobFile } from './commitBlobFile.js';
import type { StorageLayout } from './StorageLayout.js';
import { writeBlobFile } from './writeBlobFile.js';

/**
 * Streams `chunks` into the object file of `key` (a temp file, hashed while written, then its
 * trailer, then one rename), for a put or a multipart complete. Nothing is stored when the bytes
 * do not match `options.sha256` or the body fails: the previous object stays.
 * @throws DataLossError when the sha256 differs.
 */
export async function writeObject(
  layout: StorageLayout,
  fsync: boolean,
  key: string,
  chunks: AsyncIterable<Uint8Array>,
  options: PutOptions,
): Promise<BlobInfo> {
  const path = layout.objectPath(key);
  const expected = checkPutOptions(key, options);
  const temp = layout.tempPath('object');
  const meta = await writeBlobFile(temp, chunks, fsync, ({ size, sha256 }) => {
    if (expected !== undefined && expected !== sha256) {
      throw new DataLossError(
        `blob "${key}" was not stored: its bytes hash to ${sha256}, but sha256 ${expected} was expected`,
        { field: 'sha256', reason: 'checksum_mismatch' },
      );
    }
    return {
      key,
      size,
      sha256,
      lastModified: new Date().toISOString(),
      ...(options.contentType !== undefined && { contentType: options.contentType }),
    };
  });
  await commitBlobFile(temp, path, fsync);
  return blobInfoOf(key, meta);
}

/**
 * Checks the options of a put (or of a multipart upload's create) and returns the expected
 * sha256 in lowercase, if any.
 * @throws InvalidArgumentError on `sha256` or `contentType`.
 */
export function checkPutOptions(key: string, options: PutOptions): string | undefined {
  const { sha256, contentType } = options;
  if (contentType !== undefined && typeof contentType !== 'string') {
    throw new InvalidArgumentError(`contentType for blob "${key}" must be a string`, {
      field: 'contentType',
    });
  }
  if (sha256 === undefined) return undefined;
  if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new InvalidArgumentError(
      `sha256 ${JSON.stringify(sha256)} for blob "${key}" is not 64 hex digits`,
      {
        field: 'sha256',
      },
    );
  }
  return sha256.toLowerCase();
}
