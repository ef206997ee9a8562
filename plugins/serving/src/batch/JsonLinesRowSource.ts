import { createInterface } from 'node:readline';
import { type BlobStore, InvalidArgumentError } from '@mlops/plugin-api';
import type { BatchRow, BatchRowSource } from './BatchRowSource.js';

/** A JSON Lines file: each non-blank line is a row, an object (columns by key) or an array. */
export class JsonLinesRowSource implements BatchRowSource {
  constructor(
    private readonly blobs: BlobStore,
    private readonly key: string,
  ) {}

  async count(): Promise<number> {
    let n = 0;
    for await (const _ of this.rows(0)) n++;
    return n;
  }

  async *rows(from: number): AsyncIterable<BatchRow> {
    const stream = await this.blobs.get(this.key);
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    let index = 0;
    let lineNumber = 0;
    try {
      for await (const line of lines) {
        lineNumber++;
        if (line.trim() === '') continue;
        if (index++ < from) continue;
        yield this.parse(line, lineNumber);
      }
    } finally {
      lines.close();
      stream.destroy();
    }
  }

  private parse(line: string, lineNumber: number): BatchRow {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      throw new InvalidArgumentError(
        `line ${lineNumber} of "${this.key}" is not JSON: ${(err as Error).message}`,
        { field: 'inputKey' },
      );
    }
    if (typeof row !== 'object' || row === null) {
      throw new InvalidArgumentError(
        `line ${lineNumber} of "${this.key}" must be a JSON object or array, not ${line.slice(0, 40)}`,
        { field: 'inputKey' },
      );
    }
    return row as BatchRow;
  }
}
