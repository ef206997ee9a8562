import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type MultipartUpload, type UploadedPart } from '@mlops/plugin-api';
import { openBlobFile } from './openBlobFile.js';
import type { StorageLayout } from './StorageLayout.js';

/** Part numbers run from 1 to this, as in S3. */
export const maxPartNumber = 10_000;

const partFile = /^(\d{5})\.part$/;

/** The file name of part `partNumber` in its upload's directory: `00001.part`. */
export function partFileName(partNumber: number): string {
  return `${String(partNumber).padStart(5, '0')}.part`;
}

/** @throws InvalidArgumentError with `details.field` `field` for a number outside 1..10000. */
export function checkPartNumber(upload: MultipartUpload, partNumber: unknown, field: string): void {
  if (
    !Number.isSafeInteger(partNumber) ||
    (partNumber as number) < 1 ||
    (partNumber as number) > maxPartNumber
  ) {
    throw new InvalidArgumentError(
      `part number ${JSON.stringify(partNumber)} of multipart upload "${upload.uploadId}" is invalid: it must be a whole number from 1 to ${maxPartNumber}`,
      { field },
    );
  }
}

/** `what` in messages about part `partNumber`. */
export function partName(upload: MultipartUpload, partNumber: number): string {
  return `part ${partNumber} of multipart upload "${upload.uploadId}"`;
}

/** The parts in an upload's directory, by part number, as their trailers describe them. */
export async function readUploadedParts(directory: string, upload: MultipartUpload): Promise<UploadedPart[]> {
  const parts: UploadedPart[] = [];
  for (const name of await readdir(directory)) {
    const match = partFile.exec(name);
    if (match === null) continue;
    const partNumber = Number(match[1]);
    const file = await openBlobFile(join(directory, name), partName(upload, partNumber));
    if (file === undefined) continue;
    await file.handle.close();
    parts.push({ partNumber, etag: file.meta.sha256, size: file.meta.size });
  }
  return parts.sort((a, b) => a.partNumber - b.partNumber);
}

/**
 * Removes an upload's directory: first renamed into `tmp/`, so that the upload is gone at once
 * (a part arriving after that fails), then deleted. Removing it twice is not an error.
 */
export async function removeUploadDirectory(layout: StorageLayout, directory: string): Promise<void> {
  const doomed = layout.tempPath('removed');
  try {
    await rename(directory, doomed);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  await rm(doomed, { recursive: true, force: true });
}
