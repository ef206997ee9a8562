import { type BlobStore, InvalidArgumentError } from '@mlops/plugin-api';
import {
  type AsyncBuffer,
  cachedAsyncBuffer,
  type FileMetaData,
  parquetMetadataAsync,
  parquetReadObjects,
} from 'hyparquet';
import type { BatchRow, BatchRowSource } from './BatchRowSource.js';

/** Rows decoded per read: Parquet is read by ranges of the blob, never whole. */
const window = 1000;

/**
 * A Parquet file read with hyparquet (pure JS) through ranged BlobStore reads. Codecs: none and
 * Snappy (pyarrow's and pandas' default); INT64 values come as numbers.
 */
export class ParquetRowSource implements BatchRowSource {
  private file: Promise<{ buffer: AsyncBuffer; metadata: FileMetaData }> | undefined;

  constructor(
    private readonly blobs: BlobStore,
    private readonly key: string,
  ) {}

  async count(): Promise<number> {
    const { metadata } = await this.open();
    return Number(metadata.num_rows);
  }

  async *rows(from: number): AsyncIterable<BatchRow> {
    const { buffer, metadata } = await this.open();
    const total = Number(metadata.num_rows);
    for (let start = from; start < total; start += window) {
      const rows = await parquetReadObjects({
        file: buffer,
        metadata,
        rowStart: start,
        rowEnd: Math.min(start + window, total),
      }).catch((err: unknown) => {
        throw this.malformed(err);
      });
      for (const row of rows) {
        yield Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
        );
      }
    }
  }

  private open(): Promise<{ buffer: AsyncBuffer; metadata: FileMetaData }> {
    this.file ??= (async () => {
      const { size } = await this.blobs.head(this.key);
      const blobs = this.blobs;
      const key = this.key;
      const buffer = cachedAsyncBuffer({
        byteLength: size,
        async slice(start: number, end = size): Promise<ArrayBuffer> {
          if (end <= start) return new ArrayBuffer(0);
          const chunks: Buffer[] = [];
          for await (const chunk of await blobs.get(key, { range: { start, end: end - 1 } })) {
            chunks.push(chunk as Buffer);
          }
          const bytes = Buffer.concat(chunks);
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        },
      });
      const metadata = await parquetMetadataAsync(buffer).catch((err: unknown) => {
        throw this.malformed(err);
      });
      return { buffer, metadata };
    })();
    return this.file;
  }

  private malformed(err: unknown): unknown {
    if (!(err instanceof Error) || 'category' in err) return err;
    return new InvalidArgumentError(`Parquet input "${this.key}" cannot be read: ${err.message}`, {
      field: 'inputKey',
    });
  }
}
