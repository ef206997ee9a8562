import type { BlobBody, BlobInfo, PutOptions } from '@mlops/plugin-api';
import type { S3Target } from '../createS3Client.js';
import { checksumRefusal, parseSha256 } from '../parseSha256.js';
import { commitStaged } from './commitStaged.js';
import { deleteTempObject, type StageSettings, stageBody } from './stageBody.js';

/**
 * Writes blob `key` atomically: streams the body to a temporary object while hashing it, checks
 * the expected sha256, then commits by server-side copy. A failure at any step leaves the
 * previous object as it was.
 * @throws InvalidArgumentError for a bad key or sha256; DataLossError when the bytes do not match
 * `options.sha256`; UnavailableError, PermissionDeniedError... from S3; the body's own error.
 */
export async function putBlob(
  target: S3Target,
  settings: StageSettings,
  key: string,
  body: BlobBody,
  options: PutOptions,
): Promise<BlobInfo> {
  target.location.objectKey(key);
  const expected = options.sha256 === undefined ? undefined : parseSha256(options.sha256, key);
  const staged = await stageBody(target, body, settings, `writing blob "${key}"`);
  if (expected !== undefined && expected !== staged.sha256) {
    await deleteTempObject(target, staged.tempKey);
    throw checksumRefusal(key, staged.sha256, expected);
  }
  return commitStaged(target, staged, key, options.contentType);
}
