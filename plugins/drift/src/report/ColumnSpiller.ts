import { join } from 'node:path';
import { InvalidArgumentError } from '@mlops/plugin-api';
import type { CategoricalColumnData, ColumnType } from './ColumnData.js';
import type { CsvCellSink } from './CsvReader.js';
import { NumericSpillFile } from './NumericSpillFile.js';
import type { DatasetRecord } from './readRecords.js';

/** Rows read before the column types are fixed, when no schema is given. */
const inferenceRows = 1000;

/** A categorical column's counts as they grow. */
class CategoryCounter {
  readonly counts = new Map<string, number>();
  total = 0;

  add(value: string): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.total++;
  }
}

/** What a {@link ColumnSpiller} leaves: the rows, the types, and each column's file or counts. */
export interface SpilledColumns {
  readonly rows: number;
  readonly schema: ReadonlyMap<string, ColumnType>;
  readonly numeric: ReadonlyMap<string, { readonly path: string; readonly count: number }>;
  readonly categorical: ReadonlyMap<string, CategoricalColumnData>;
}

/**
 * Takes a dataset's rows (CSV cells or JSON Lines records) and keeps them column by column: each
 * numeric column goes to a {@link NumericSpillFile}, each categorical one to counts per category;
 * columns outside the schema are skipped unparsed. Without a schema, the first 1,000 rows are held
 * as records to infer one (numeric when every present value is a number), then taken.
 */
export class ColumnSpiller implements CsvCellSink {
  rows = 0;
  private schema: ReadonlyMap<string, ColumnType> | undefined;
  private numericNames: string[] = [];
  private numericFiles: NumericSpillFile[] = [];
  private categoricalNames: string[] = [];
  private categoricalCounters: CategoryCounter[] = [];
  /** The current CSV part's header, and the destination of each of its columns. */
  private names: readonly string[] = [];
  private numericSlots: (NumericSpillFile | undefined)[] = [];
  /** The numeric columns of the current CSV part, which the reader fills straight from the bytes. */
  numberTargets: readonly (NumericSpillFile | undefined)[] = [];
  private categoricalSlots: (CategoryCounter | undefined)[] = [];
  private pending: DatasetRecord[] = [];
  private building: DatasetRecord = {};

  constructor(
    private readonly directory: string,
    schema?: ReadonlyMap<string, ColumnType>,
  ) {
    if (schema) this.fix(schema);
  }

  header(names: readonly string[]): void {
    this.names = names;
    this.assignSlots();
  }

  cell(column: number, bytes: Buffer, start: number, end: number): void {
    const numeric = this.numericSlots[column];
    if (numeric !== undefined) {
      if (start === end) return;
      if (!numeric.addDecimal(bytes, start, end))
        numeric.add(this.numberFromBytes(bytes, start, end, column));
      return;
    }
    const categorical = this.categoricalSlots[column];
    if (categorical !== undefined) {
      if (start !== end) categorical.add(bytes.toString('utf8', start, end));
      return;
    }
    if (!this.schema) this.building[this.names[column]!] = bytes.toString('utf8', start, end);
  }

  quotedCell(column: number, text: string): void {
    const numeric = this.numericSlots[column];
    if (numeric !== undefined) {
      const value = numberOf(text, this.names[column]!, this.rows + 1);
      if (!Number.isNaN(value)) numeric.add(value);
      return;
    }
    const categorical = this.categoricalSlots[column];
    if (categorical !== undefined) {
      if (text !== '') categorical.add(text);
      return;
    }
    if (!this.schema) this.building[this.names[column]!] = text;
  }

  endRow(): void {
    if (this.schema) {
      this.rows++;
      return;
    }
    this.rows++;
    this.pending.push(this.building);
    this.building = {};
    if (this.pending.length === inferenceRows) this.fix(inferSchema(this.pending));
  }

  /**
   * Takes a JSON Lines record.
   * @throws InvalidArgumentError naming the row and column of a value that does not fit its type.
   */
  record(record: DatasetRecord): void {
    this.rows++;
    if (!this.schema) {
      this.pending.push(record);
      if (this.pending.length === inferenceRows) this.fix(inferSchema(this.pending));
      return;
    }
    this.take(record, this.rows);
  }

  /** Waits for the numeric chunks written so far (called between input chunks). */
  async settle(): Promise<void> {
    await Promise.all(this.numericFiles.map((file) => file.settle()));
  }

  /** Fixes the schema if it is not yet, writes out every column and closes the files. */
  async finish(): Promise<SpilledColumns> {
    if (!this.schema) this.fix(inferSchema(this.pending));
    await Promise.all(this.numericFiles.map((file) => file.finish()));
    return {
      rows: this.rows,
      schema: this.schema!,
      numeric: new Map(this.numericFiles.map((file, i) => [this.numericNames[i]!, file])),
      categorical: new Map(
        this.categoricalCounters.map((c, i) => [
          this.categoricalNames[i]!,
          { kind: 'categorical', counts: c.counts, total: c.total },
        ]),
      ),
    };
  }

  /** Closes whatever files are open (after a failure); the caller removes the directory. */
  async abandon(): Promise<void> {
    await Promise.all(this.numericFiles.map((file) => file.abandon()));
  }

  private fix(schema: ReadonlyMap<string, ColumnType>): void {
    this.schema = schema;
    for (const [name, type] of schema) {
      if (type === 'numeric') {
        this.numericNames.push(name);
        this.numericFiles.push(new NumericSpillFile(join(this.directory, `${this.numericFiles.length}.f64`)));
      } else {
        this.categoricalNames.push(name);
        this.categoricalCounters.push(new CategoryCounter());
      }
    }
    this.assignSlots();
    for (let i = 0; i < this.pending.length; i++) this.take(this.pending[i]!, i + 1);
    this.pending = [];
  }

  private assignSlots(): void {
    if (!this.schema) return;
    this.numericSlots = this.names.map((name) => this.numericFiles[this.numericNames.indexOf(name)]);
    this.numberTargets = this.numericSlots;
    this.categoricalSlots = this.names.map(
      (name) => this.categoricalCounters[this.categoricalNames.indexOf(name)],
    );
  }

  private take(record: DatasetRecord, row: number): void {
    for (let i = 0; i < this.numericNames.length; i++) {
      const name = this.numericNames[i]!;
      const value = numberOf(record[name], name, row);
      if (!Number.isNaN(value)) this.numericFiles[i]!.add(value);
    }
    for (let i = 0; i < this.categoricalNames.length; i++) {
      const name = this.categoricalNames[i]!;
      const value = categoryOf(record[name], name, row);
      if (value !== '') this.categoricalCounters[i]!.add(value);
    }
  }

  private numberFromBytes(bytes: Buffer, start: number, end: number, column: number): number {
    return numberOf(bytes.toString('utf8', start, end), this.names[column]!, this.rows + 1);
  }
}

/** Numeric when every present value of the column is a number (or numeric text, for CSV). */
function inferSchema(records: readonly DatasetRecord[]): Map<string, ColumnType> {
  const schema = new Map<string, ColumnType>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record)) {
      if (isMissing(value)) {
        if (!schema.has(name)) schema.set(name, 'numeric');
        continue;
      }
      const numeric =
        typeof value === 'number' || (typeof value === 'string' && Number.isFinite(Number(value)));
      if (!numeric) schema.set(name, 'categorical');
      else if (!schema.has(name)) schema.set(name, 'numeric');
    }
  }
  return schema;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function numberOf(value: unknown, column: string, row: number): number {
  if (isMissing(value)) return Number.NaN;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (Number.isFinite(n)) return n;
  throw new InvalidArgumentError(
    `row ${row}: column "${column}" must be a number, got ${JSON.stringify(value)}`,
    {
      field: column,
      reason: 'invalid_type',
    },
  );
}

function categoryOf(value: unknown, column: string, row: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new InvalidArgumentError(
    `row ${row}: column "${column}" must be a string, got ${JSON.stringify(value)}`,
    {
      field: column,
      reason: 'invalid_type',
    },
  );
}
