import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type MultipartUpload, NotFoundError } from '@mlops/plugin-api';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';

/** What `create` was told, kept in the upload's folder for the calls that follow (from any process). */
export interface UploadManifest {
  readonly key: string;
  readonly sha256?: string;
  readonly contentType?: string;
}

const uploadIdPattern = /^[0-9a-f]{32}$/;

/** The object key of part `partNumber` of upload `id`; zero-padded, so listing order is part order. */
export function partKey(target: S3Target, id: string, partNumber: number): string {
  return `${target.location.uploadFolder(id)}parts/${String(partNumber).padStart(5, '0')}`;
}

/** The folder of the parts of upload `id`. */
export function partsFolder(target: S3Target, id: string): string {
  return `${target.location.uploadFolder(id)}parts/`;
}

/** Stores the manifest of a new upload. @throws UnavailableError, PermissionDeniedError... from S3. */
export async function writeManifest(target: S3Target, id: string, manifest: UploadManifest): Promise<void> {
  const { client, location } = target;
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: `${location.uploadFolder(id)}upload.json`,
        Body: JSON.stringify(manifest),
        ContentType: 'application/json',
      }),
    );
  } catch (err) {
    throw mapS3Error(err, location, `starting a multipart upload of blob "${manifest.key}"`);
  }
}

/**
 * The manifest of `upload`.
 * @throws NotFoundError when the upload id is malformed, unknown, already completed or aborted, or
 * was made for another key; UnavailableError, PermissionDeniedError... from S3.
 */
export async function readManifest(target: S3Target, upload: MultipartUpload): Promise<UploadManifest> {
  const { client, location } = target;
  const missing = `multipart upload "${upload.uploadId}" of blob "${upload.key}" does not exist`;
  if (!uploadIdPattern.test(upload.uploadId)) throw new NotFoundError(missing, { field: 'uploadId' });
  let manifest: UploadManifest;
  try {
    const object = await client.send(
      new GetObjectCommand({
        Bucket: location.bucket,
        Key: `${location.uploadFolder(upload.uploadId)}upload.json`,
      }),
    );
    manifest = JSON.parse((await object.Body?.transformToString('utf8')) ?? '{}') as UploadManifest;
  } catch (err) {
    throw mapS3Error(err, location, `reading multipart upload "${upload.uploadId}"`, missing);
  }
  if (manifest.key !== upload.key) throw new NotFoundError(missing, { field: 'uploadId' });
  return manifest;
}
