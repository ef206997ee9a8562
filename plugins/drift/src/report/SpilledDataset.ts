import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CategoricalColumnData, ColumnData, ColumnType } from './ColumnData.js';
import { ColumnSpiller } from './ColumnSpiller.js';
import { readRecords } from './readRecords.js';
import type { DatasetStream } from './streamDriftReport.js';

/** Options of {@link SpilledDataset.spill}. */
export interface SpillOptions {
  /** Column types; inferred from the first 1,000 rows when absent (numbers everywhere: numeric). */
  readonly schema?: ReadonlyMap<string, ColumnType>;
  /** Where the temporary column files go (default the OS temp directory). */
  readonly directory?: string;
}

/**
 * A dataset streamed from CSV or JSON Lines, held column by column so that reports can run on
 * files larger than memory. While it is read, each numeric column fills a 128 KiB chunk of values
 * (two more at most are being written) and writes them to a temporary file of 8 bytes per value;
 * each categorical column holds its counts per category (memory grows with the number of distinct
 * values, not rows). `load` reads one column back, so an exact test costs 8 bytes per value of
 * that column, reference and current, and nothing for the others. Call `dispose` to delete the
 * files.
 */
export class SpilledDataset {
  private constructor(
    /** Data rows read. */
    readonly rows: number,
    /** Each column's type, in the order first seen. */
    readonly schema: ReadonlyMap<string, ColumnType>,
    private readonly directory: string,
    private readonly numeric: ReadonlyMap<string, { readonly path: string; readonly count: number }>,
    private readonly categorical: ReadonlyMap<string, CategoricalColumnData>,
  ) {}

  /**
   * Reads the parts in order, each to its end.
   * @throws InvalidArgumentError naming the row and column for a value that does not fit the
   * column's type (`row 12: column "age" must be a number, got "n/a"`, `details.field` the column),
   * for a ragged CSV row, or for malformed input (`body`).
   */
  static async spill(parts: readonly DatasetStream[], options: SpillOptions): Promise<SpilledDataset> {
    const directory = await mkdtemp(join(options.directory ?? tmpdir(), 'mlops-drift-'));
    const spiller = new ColumnSpiller(directory, options.schema);
    try {
      for (const part of parts) {
        const body = typeof part.body === 'function' ? await part.body() : part.body;
        await readRecords(body, part.format, spiller);
      }
      const columns = await spiller.finish();
      return new SpilledDataset(
        columns.rows,
        columns.schema,
        directory,
        columns.numeric,
        columns.categorical,
      );
    } catch (err) {
      await spiller.abandon();
      await rm(directory, { recursive: true, force: true });
      throw err;
    }
  }

  /** The column's data: numeric values read back from disk, or counts. */
  async load(column: string): Promise<ColumnData> {
    const file = this.numeric.get(column);
    if (file) {
      const values = new Float64Array(file.count);
      const handle = await open(file.path, 'r');
      try {
        const bytes = new Uint8Array(values.buffer);
        let offset = 0;
        while (offset < bytes.length) {
          const { bytesRead } = await handle.read(bytes, offset, bytes.length - offset, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
        }
      } finally {
        await handle.close();
      }
      return { kind: 'numeric', values };
    }
    const categorical = this.categorical.get(column);
    if (!categorical) throw new RangeError(`no column ${column}`);
    return categorical;
  }

  /** Deletes the temporary files. */
  async dispose(): Promise<void> {
    await rm(this.directory, { recursive: true, force: true });
  }
}
