import type { BatchInputFormat, BlobStore } from '@mlops/plugin-api';
import { CsvRowSource } from './CsvRowSource.js';
import { JsonLinesRowSource } from './JsonLinesRowSource.js';
import { ParquetRowSource } from './ParquetRowSource.js';

/** One input row: named columns (CSV, Parquet, a JSON object) or a list of values (a JSON array). */
export type BatchRow = Readonly<Record<string, unknown>> | readonly unknown[];

/** The rows of an input file, read again from any row, always in the same order. */
export interface BatchRowSource {
  /** Rows in the file. */
  count(): Promise<number>;
  /** The rows from index `from` (0-based) on; a malformed row fails naming its index or line. */
  rows(from: number): AsyncIterable<BatchRow>;
}

/** A reader of the blob at `key` in `format`. */
export function openRowSource(blobs: BlobStore, key: string, format: BatchInputFormat): BatchRowSource {
  switch (format) {
    case 'csv':
      return new CsvRowSource(blobs, key);
    case 'jsonl':
      return new JsonLinesRowSource(blobs, key);
    case 'parquet':
      return new ParquetRowSource(blobs, key);
  }
}
