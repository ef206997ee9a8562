import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { DecimalTarget } from './CsvReader.js';
import { readDecimal } from './readDecimal.js';

/** Values held per column before they go to disk: 16,384 x 8 bytes = 128 KiB. */
const chunkValues = 16_384;

/**
 * One numeric column's values on their way to a temporary file of 8 bytes per value: they are
 * gathered in a Float64Array chunk, and each full chunk is written at its own offset, so writes
 * of many columns run side by side and the parser never waits on one value.
 */
export class NumericSpillFile implements DecimalTarget {
  /** Values added so far. */
  count = 0;
  private chunk = new Float64Array(chunkValues);
  private filled = 0;
  private offset = 0;
  private writes: Promise<void>[] = [];
  private file: Promise<FileHandle> | undefined;

  /** The file at `path` is created (truncated) when the first chunk is written. */
  constructor(
    /** The file's path. */
    readonly path: string,
  ) {}

  /** Adds a value (not NaN: missing values are left out before). */
  add(value: number): void {
    this.chunk[this.filled] = value;
    this.accept();
  }

  /**
   * Adds the decimal number in `bytes[start, end)` when {@link readDecimal} can read it exactly,
   * straight into the chunk; false (nothing added) otherwise.
   */
  addDecimal(bytes: Uint8Array, start: number, end: number): boolean {
    if (readDecimal(bytes, start, end, this.chunk, this.filled) !== end) return false;
    this.accept();
    return true;
  }

  readDecimal(bytes: Uint8Array, start: number, limit: number): number {
    return readDecimal(bytes, start, limit, this.chunk, this.filled);
  }

  accept(): void {
    this.filled++;
    this.count++;
    if (this.filled === chunkValues) this.writeChunk();
  }

  /**
   * Waits for the chunks handed to the file so far but the newest, so that memory stays bounded
   * (two chunks in flight at most) while the parser goes on during the newest one's write.
   */
  async settle(): Promise<void> {
    if (this.writes.length <= 1) return;
    const done = this.writes.slice(0, -1);
    this.writes = this.writes.slice(-1);
    await Promise.all(done);
  }

  /** Waits for every chunk handed to the file so far. */
  private async drain(): Promise<void> {
    const writes = this.writes;
    this.writes = [];
    await Promise.all(writes);
  }

  /** Writes what is left and closes the file. */
  async finish(): Promise<void> {
    if (this.filled > 0) this.writeChunk();
    this.file ??= open(this.path, 'w');
    try {
      await this.drain();
    } finally {
      await (await this.file).close();
    }
  }

  /** Closes the file, if it was opened, once its writes are over (after a failure). */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.writes);
    const file = await this.file?.catch(() => undefined);
    await file?.close();
  }

  private writeChunk(): void {
    const bytes = new Uint8Array(this.chunk.buffer, 0, this.filled * 8);
    this.file ??= open(this.path, 'w');
    const write = writeFully(this.file, bytes, this.offset);
    // Handled here so a failed write is not reported as unhandled before `settle` awaits it.
    write.catch(() => {});
    this.writes.push(write);
    this.offset += bytes.length;
    this.chunk = new Float64Array(chunkValues);
    this.filled = 0;
  }
}

async function writeFully(opening: Promise<FileHandle>, bytes: Uint8Array, position: number): Promise<void> {
  const file = await opening;
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}
