import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type MultipartUpload, NotFoundError } from '@mlops/plugin-api';
import type { StorageLayout } from './StorageLayout.js';
import { syncDirectory } from './syncDirectory.js';

/** What `uploads/<id>/upload.json` records of a multipart upload when it is created. */
export interface UploadRecord {
  readonly key: string;
  readonly contentType?: string;
  /** The expected sha256 of the whole object, lowercase. */
  readonly sha256?: string;
  /** ISO 8601. */
  readonly created: string;
}

/** The name of the record in an upload's directory. */
export const uploadRecordName = 'upload.json';

/**
 * Writes the record into the (new, empty) directory of an upload through a temp file and a
 * rename, so that the upload exists, whole, or not at all.
 */
export async function writeUploadRecord(
  layout: StorageLayout,
  directory: string,
  record: UploadRecord,
  fsync: boolean,
): Promise<void> {
  const temp = layout.tempPath('upload');
  await writeFile(temp, JSON.stringify(record), { flag: 'wx', flush: fsync });
  await rename(temp, join(directory, uploadRecordName));
  if (fsync) await syncDirectory(directory);
}

/** An upload found on disk: its directory and record. */
export interface FoundUpload {
  readonly directory: string;
  readonly record: UploadRecord;
}

/**
 * The upload `upload` names, or undefined when there is none for its key (never created, already
 * completed or aborted, or an id this store did not make).
 */
export async function findUpload(
  layout: StorageLayout,
  upload: MultipartUpload,
): Promise<FoundUpload | undefined> {
  const directory = layout.uploadDir(upload?.uploadId);
  if (directory === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(join(directory, uploadRecordName), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const record = JSON.parse(text) as UploadRecord;
  return record.key === upload.key ? { directory, record } : undefined;
}

/** Like {@link findUpload}, for calls that need the upload. @throws NotFoundError */
export async function requireUpload(layout: StorageLayout, upload: MultipartUpload): Promise<FoundUpload> {
  const found = await findUpload(layout, upload);
  if (found !== undefined) return found;
  throw unknownUpload(upload);
}

/** The NotFoundError for an upload that does not exist (any more). */
export function unknownUpload(upload: MultipartUpload): NotFoundError {
  return new NotFoundError(
    `multipart upload ${JSON.stringify(upload?.uploadId)} of blob ${JSON.stringify(upload?.key)} does not exist`,
    { field: 'uploadId' },
  );
}
