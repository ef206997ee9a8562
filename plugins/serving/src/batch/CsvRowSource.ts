import { type BlobStore, InvalidArgumentError } from '@mlops/plugin-api';
import { parse } from 'csv-parse';
import type { BatchRow, BatchRowSource } from './BatchRowSource.js';

/** A CSV file with a header row; each later record is a row, its cells keyed by the header. */
export class CsvRowSource implements BatchRowSource {
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
    const parser = (await this.blobs.get(this.key)).pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, trim: true }),
    );
    let index = 0;
    try {
      for await (const record of parser as AsyncIterable<Record<string, string>>) {
        if (index++ >= from) yield record;
      }
    } catch (err) {
      if (!(err instanceof Error) || !('code' in err) || !String(err.code).startsWith('CSV_')) throw err;
      throw new InvalidArgumentError(`CSV input "${this.key}" is malformed: ${err.message}`, {
        field: 'inputKey',
        reason: String(err.code),
      });
    } finally {
      parser.destroy();
    }
  }
}
