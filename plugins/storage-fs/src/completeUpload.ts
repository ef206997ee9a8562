import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type BlobInfo, DataLossError, InvalidArgumentError, type MultipartUpload } from '@mlops/plugin-api';
import { dataStream, type OpenBlobFile, openBlobFile } from './openBlobFile.js';
import type { StorageLayout } from './StorageLayout.js';
import type { FoundUpload } from './UploadRecord.js';
import { checkPartNumber, partFileName, partName, removeUploadDirectory } from './uploadParts.js';
import { writeObject } from './writeObject.js';

/** A part as `complete` lists it. */
export interface ListedPart {
  readonly partNumber: number;
  readonly etag: string;
}

/**
 * Joins the listed parts into the upload's object: each is checked first (present, same etag),
 * then all are streamed, one open file at a time, into a temp file that is hashed and committed
 * like a put. Each part's bytes are checked against its etag on the way. The upload's directory
 * goes once the object is committed; on any failure the upload stays, to be completed again.
 * @throws InvalidArgumentError for a bad, unordered, missing or changed part; DataLossError when
 * the object's sha256 differs from the one given at create, or a part's bytes from its etag.
 */
export async function completeUpload(
  layout: StorageLayout,
  fsync: boolean,
  upload: MultipartUpload,
  found: FoundUpload,
  parts: readonly ListedPart[],
): Promise<BlobInfo> {
  checkPartList(upload, parts);
  for (const [index, part] of parts.entries()) {
    await (await openListedPart(found.directory, upload, part, index)).handle.close();
  }
  const { contentType, sha256 } = found.record;
  const info = await writeObject(layout, fsync, upload.key, joinedParts(found.directory, upload, parts), {
    ...(contentType !== undefined && { contentType }),
    ...(sha256 !== undefined && { sha256 }),
  });
  await removeUploadDirectory(layout, found.directory);
  return info;
}

function checkPartList(upload: MultipartUpload, parts: readonly ListedPart[]): void {
  if (!Array.isArray(parts) || parts.length === 0) {
    throw new InvalidArgumentError(`multipart upload "${upload.uploadId}" cannot complete without parts`, {
      field: 'parts',
    });
  }
  parts.forEach((part, index) => {
    checkPartNumber(upload, part?.partNumber, `parts[${index}].partNumber`);
    const previous = parts[index - 1];
    if (previous !== undefined && part.partNumber <= previous.partNumber) {
      throw new InvalidArgumentError(
        `parts of multipart upload "${upload.uploadId}" must be listed by ascending part number, once each: ${part.partNumber} follows ${previous.partNumber}`,
        { field: `parts[${index}].partNumber`, reason: 'part_order' },
      );
    }
  });
}

async function openListedPart(
  directory: string,
  upload: MultipartUpload,
  part: ListedPart,
  index: number,
): Promise<OpenBlobFile> {
  const what = partName(upload, part.partNumber);
  const file = await openBlobFile(join(directory, partFileName(part.partNumber)), what);
  if (file === undefined) {
    throw new InvalidArgumentError(`${what} was not uploaded`, {
      field: `parts[${index}]`,
      reason: 'missing_part',
    });
  }
  if (file.meta.sha256 !== part.etag) {
    await file.handle.close();
    throw new InvalidArgumentError(
      `${what} has etag "${file.meta.sha256}", not ${JSON.stringify(part.etag)}`,
      {
        field: `parts[${index}].etag`,
        reason: 'etag_mismatch',
      },
    );
  }
  return file;
}

// Reopened here, not kept open from the check: an upload may have 10,000 parts. A part uploaded
// again in between no longer has the listed etag and is refused as above.
async function* joinedParts(
  directory: string,
  upload: MultipartUpload,
  parts: readonly ListedPart[],
): AsyncGenerator<Uint8Array> {
  for (const [index, part] of parts.entries()) {
    const file = await openListedPart(directory, upload, part, index);
    const hash = createHash('sha256');
    for await (const chunk of dataStream(file)) {
      hash.update(chunk as Buffer);
      yield chunk as Buffer;
    }
    const actual = hash.digest('hex');
    if (actual !== part.etag) {
      throw new DataLossError(
        `${partName(upload, part.partNumber)} is corrupt: its bytes hash to ${actual}, but its etag is ${part.etag}`,
        { reason: 'checksum_mismatch' },
      );
    }
  }
}
