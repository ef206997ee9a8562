import { createHash } from 'node:crypto';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { type BlobFileMeta, encodeBlobTrailer } from './blobTrailer.js';

/** Chunks smaller than this are gathered before a write, so a body of tiny chunks costs few syscalls. */
const writeBatchBytes = 64 * 1024;

/** The size and hex sha256 of the bytes a body held. */
export interface BodyDigest {
  readonly size: number;
  readonly sha256: string;
}

/**
 * Streams `chunks` into a new file at `tempPath` while hashing them, then appends the trailer that
 * `describe` makes of their digest, and fsyncs the file when `fsync` is set. Memory stays bounded
 * by one batch whatever the body's size. When anything fails (the body, the disk, or `describe`,
 * which may throw to refuse the bytes), the file is removed and the error rethrown.
 */
export async function writeBlobFile(
  tempPath: string,
  chunks: AsyncIterable<Uint8Array>,
  fsync: boolean,
  describe: (digest: BodyDigest) => BlobFileMeta,
): Promise<BlobFileMeta> {
  const handle = await open(tempPath, 'wx', 0o644);
  try {
    const hash = createHash('sha256');
    let size = 0;
    // Small chunks are copied, not kept: a body may reuse its buffer once the next chunk is asked for.
    const batch = Buffer.allocUnsafe(writeBatchBytes);
    let batched = 0;
    for await (const chunk of chunks) {
      hash.update(chunk);
      size += chunk.length;
      if (batched + chunk.length > writeBatchBytes) {
        await writeAll(handle, batch.subarray(0, batched));
        batched = 0;
      }
      if (chunk.length >= writeBatchBytes) {
        await writeAll(handle, chunk);
      } else {
        batch.set(chunk, batched);
        batched += chunk.length;
      }
    }
    const meta = describe({ size, sha256: hash.digest('hex') });
    await writeAll(handle, Buffer.concat([batch.subarray(0, batched), encodeBlobTrailer(meta)]));
    if (fsync) await handle.sync();
    await handle.close();
    return meta;
  } catch (err) {
    await handle.close();
    await rm(tempPath, { force: true });
    throw err;
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
    written += bytesWritten;
  }
}
