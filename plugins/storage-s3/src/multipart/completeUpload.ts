import type { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  type BlobInfo,
  InvalidArgumentError,
  type MultipartUpload,
  type UploadedPart,
} from '@mlops/plugin-api';
import type { S3Target } from '../createS3Client.js';
import { mapS3Error } from '../mapS3Error.js';
import { commitStaged } from '../operations/commitStaged.js';
import { deleteTempObject, type StageSettings, stageBody } from '../operations/stageBody.js';
import { checksumRefusal } from '../parseSha256.js';
import { deleteObjects } from './deleteObjects.js';
import { listFolder, listStoredParts } from './listStoredParts.js';
import { partKey, partsFolder, readManifest } from './uploadManifest.js';

/**
 * Joins the named parts into blob `upload.key`: checks them against the stored parts, streams
 * them in order into a temporary object while hashing (each part read back once, and written
 * once more: the cost of parts that any S3 server can list), checks the expected sha256, commits
 * by copy, then removes the upload. On a checksum mismatch nothing is stored and the upload stays,
 * so a bad part can be sent again.
 * @throws NotFoundError for an unknown upload; InvalidArgumentError for a missing, unordered or
 * changed part; DataLossError for a sha256 mismatch; ConflictError when a part changes meanwhile.
 */
export async function completeUpload(
  target: S3Target,
  settings: StageSettings,
  upload: MultipartUpload,
  parts: readonly { partNumber: number; etag: string }[],
): Promise<BlobInfo> {
  const manifest = await readManifest(target, upload);
  const id = upload.uploadId;
  const stored = new Map(
    (await listStoredParts(target, partsFolder(target, id), id)).map((p) => [p.partNumber, p]),
  );
  checkParts(id, parts, stored);
  const subject = `completing multipart upload "${id}" of blob "${upload.key}"`;
  const staged = await stageBody(target, joinParts(target, id, parts, subject), settings, subject);
  if (manifest.sha256 !== undefined && manifest.sha256 !== staged.sha256) {
    await deleteTempObject(target, staged.tempKey);
    throw checksumRefusal(upload.key, staged.sha256, manifest.sha256);
  }
  const info = await commitStaged(target, staged, upload.key, manifest.contentType);
  const leftovers = await listFolder(target, target.location.uploadFolder(id), subject);
  await deleteObjects(
    target,
    leftovers.map((object) => object.key),
    `removing multipart upload "${id}"`,
  );
  return info;
}

function checkParts(
  id: string,
  parts: readonly { partNumber: number; etag: string }[],
  stored: ReadonlyMap<number, UploadedPart>,
): void {
  const refuse = (why: string, reason: string): never => {
    throw new InvalidArgumentError(`multipart upload "${id}" cannot be completed: ${why}`, {
      field: 'parts',
      reason,
    });
  };
  if (parts.length === 0) refuse('no parts were listed', 'no_parts');
  let previous = 0;
  for (const { partNumber, etag } of parts) {
    if (!Number.isSafeInteger(partNumber) || partNumber <= previous) {
      refuse(
        `part numbers must be whole numbers in ascending order, but ${partNumber} follows ${previous}`,
        'order',
      );
    }
    previous = partNumber;
    const part = stored.get(partNumber);
    if (part === undefined) refuse(`part ${partNumber} was never uploaded`, 'missing_part');
    if (part?.etag !== etag.replaceAll('"', '')) {
      refuse(`part ${partNumber} has etag "${part?.etag}", not "${etag}"`, 'etag_mismatch');
    }
  }
}

/** The parts' bytes in order, one GetObject at a time; If-Match makes a part replaced meanwhile a ConflictError. */
async function* joinParts(
  target: S3Target,
  id: string,
  parts: readonly { partNumber: number; etag: string }[],
  subject: string,
): AsyncGenerator<Uint8Array> {
  const { client, location } = target;
  for (const { partNumber, etag } of parts) {
    const missing = `part ${partNumber} of multipart upload "${id}" vanished while it was completed`;
    let body: Readable;
    try {
      const object = await client.send(
        new GetObjectCommand({
          Bucket: location.bucket,
          Key: partKey(target, id, partNumber),
          IfMatch: `"${etag.replaceAll('"', '')}"`,
        }),
      );
      body = object.Body as Readable;
    } catch (err) {
      throw mapS3Error(err, location, subject, missing);
    }
    try {
      yield* body;
    } catch (err) {
      throw mapS3Error(err, location, subject);
    }
  }
}
