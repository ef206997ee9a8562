import { createHash } from 'node:crypto';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { BlobBody } from '@mlops/plugin-api';
import { bodyChunks } from '../bodyChunks.js';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';
import { type StageSettings, sendInParts } from './sendInParts.js';

export type { StageSettings } from './sendInParts.js';

/** Bytes written to a temporary object, with what was learned while streaming them. */
export interface StagedObject {
  readonly tempKey: string;
  readonly sha256: string;
  readonly size: number;
  /** S3's ETag of the object, without quotes. */
  readonly etag: string;
}

/**
 * Streams `body` to an object in the temporary folder, hashing it on the way: to `objectKey` when
 * given (a part of a multipart upload), else to a fresh temporary key, removed again on failure.
 * Bodies smaller than a part go in one PutObject; larger ones as a multipart upload (see
 * sendInParts), so at most about `partSizeBytes * (queueSize + 1)` bytes are held in memory. When
 * the body itself fails, its own error is rethrown as it is.
 * @throws UnavailableError, PermissionDeniedError... from S3 (see mapS3Error).
 */
export async function stageBody(
  target: S3Target,
  body: BlobBody,
  settings: StageSettings,
  subject: string,
  objectKey?: string,
): Promise<StagedObject> {
  const { location } = target;
  const tempKey = objectKey ?? location.newTempKey();
  const hash = createHash('sha256');
  let size = 0;
  let bodyFailure: { error: unknown } | undefined;
  async function* hashed(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of bodyChunks(body)) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    } catch (error) {
      bodyFailure = { error };
      throw error;
    }
  }
  let etag: string | undefined;
  try {
    etag = await sendInParts(target, tempKey, hashed(), settings);
  } catch (err) {
    // Only in case the object arrived but the answer was lost; a part sent again keeps its old bytes.
    if (objectKey === undefined) await deleteTempObject(target, tempKey);
    if (bodyFailure !== undefined) throw bodyFailure.error;
    throw mapS3Error(err, location, subject);
  }
  return { tempKey, sha256: hash.digest('hex'), size, etag: (etag ?? '').replaceAll('"', '') };
}

/**
 * Removes a temporary object, ignoring failure: the caller's own error (or success) is what
 * matters, and a leftover sits in the reserved folder, invisible, until a lifecycle rule expires it.
 */
export async function deleteTempObject(target: S3Target, tempKey: string): Promise<void> {
  try {
    await target.client.send(new DeleteObjectCommand({ Bucket: target.location.bucket, Key: tempKey }));
  } catch {
    // see above: nothing a caller could do about it
  }
}
