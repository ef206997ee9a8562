import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { DataLossError } from '@mlops/plugin-api';
import { type BlobFileMeta, decodeBlobTrailer, trailerJsonLength, trailerTailBytes } from './blobTrailer.js';

/** Bytes read from the end at once: the whole trailer of nearly every file. */
const tailReadBytes = 4096;

/** A stored file, open: reads go to the same inode even if a put replaces or removes the path meanwhile. */
export interface OpenBlobFile {
  readonly handle: FileHandle;
  readonly meta: BlobFileMeta;
}

/**
 * Opens the file at `path` and reads its trailer; undefined when there is no such file.
 * @param what Names the file in messages, e.g. `blob "a.txt"`.
 * @throws DataLossError when the trailer is missing, damaged or disagrees with the file's length.
 */
export async function openBlobFile(path: string, what: string): Promise<OpenBlobFile | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const meta = await readMeta(handle, what);
    return { handle, meta };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * Streams bytes `start..end` (inclusive) of an open file, never its trailer, and closes the handle
 * when the stream ends or is destroyed. Without a range, every byte.
 */
export function dataStream(file: OpenBlobFile, range?: { start: number; end: number }): Readable {
  const { start, end } = range ?? { start: 0, end: file.meta.size - 1 };
  if (end < start) {
    void file.handle.close();
    return Readable.from([], { objectMode: false });
  }
  return file.handle.createReadStream({ start, end, autoClose: true });
}

async function readMeta(handle: FileHandle, what: string): Promise<BlobFileMeta> {
  const { size: fileBytes } = await handle.stat();
  const corrupt = (why: string): never => {
    throw new DataLossError(`${what} is corrupt: ${why}`, { reason: 'bad_trailer' });
  };
  if (fileBytes < trailerTailBytes) corrupt(`its file is ${fileBytes} bytes long, too short for a trailer`);
  const readLength = Math.min(fileBytes, tailReadBytes);
  let end = await readAt(handle, fileBytes - readLength, readLength);
  const tail = end.subarray(end.length - trailerTailBytes);
  const jsonLength = trailerJsonLength(tail);
  if (jsonLength === undefined) return corrupt('its file does not end with a trailer');
  if (jsonLength + trailerTailBytes > fileBytes) return corrupt('its trailer is longer than its file');
  if (jsonLength + trailerTailBytes > end.length) {
    end = await readAt(handle, fileBytes - jsonLength - trailerTailBytes, jsonLength + trailerTailBytes);
  }
  const json = end.subarray(end.length - trailerTailBytes - jsonLength, end.length - trailerTailBytes);
  const meta = decodeBlobTrailer(json, tail, fileBytes);
  return typeof meta === 'string' ? corrupt(meta) : meta;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
