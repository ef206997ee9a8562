import { InvalidArgumentError } from '@mlops/plugin-api';

/** Where {@link CsvReader} puts what it reads. */
export interface CsvCellSink {
  /** Data rows taken so far (across parts), for the row numbers in messages. */
  readonly rows: number;
  /** The part's header row, before any of its data rows. */
  header(names: readonly string[]): void;
  /** An unquoted cell, trimmed of spaces and tabs: `bytes[start, end)`, empty for an empty cell. */
  cell(column: number, bytes: Buffer, start: number, end: number): void;
  /** A quoted cell, its quotes removed and doubled quotes undone. */
  quotedCell(column: number, text: string): void;
  /** The end of a data row that had as many cells as the header. */
  endRow(): void;
  /**
   * Per column of the part, where an unquoted number goes when the reader can read it straight
   * from the bytes (in the same pass that finds the cell's end); undefined: `cell` gets it.
   */
  readonly numberTargets: readonly (DecimalTarget | undefined)[];
}

/** A numeric column that takes decimal numbers straight from the bytes. */
export interface DecimalTarget {
  /**
   * Reads the number starting at `bytes[start]` into the next slot without adding it; returns
   * where the number ends, or -1 when it cannot be read exactly there (see readDecimal).
   */
  readDecimal(bytes: Buffer, start: number, limit: number): number;
  /** Adds the number that `readDecimal` just read. */
  accept(): void;
}

/** A cell this long is refused (it is most likely a quote that is never closed). */
const maxCellBytes = 1 << 20;
const comma = 44;
const newline = 10;
const carriageReturn = 13;
const quote = 34;
const space = 32;
const tab = 9;

/**
 * An RFC 4180 CSV reader over byte chunks, for one part (a file) with a header row: cells are
 * handed to the sink as byte ranges, so no row object or string is made for a number. Quoted cells
 * may hold commas, doubled quotes and line breaks; rows end with LF or CRLF; a UTF-8 byte order
 * mark is skipped; empty lines are skipped; spaces and tabs around a cell are trimmed. Only the
 * cell being read when a chunk ends is carried over to the next one.
 */
export class CsvReader {
  private carry: Buffer | undefined;
  private column = 0;
  private names: string[] | undefined;
  private readonly headerCells: string[] = [];
  private started = false;

  constructor(private readonly sink: CsvCellSink) {}

  /**
   * Reads a chunk.
   * @throws InvalidArgumentError (`details.field` `body` or the column) naming the row and column
   * of a ragged row, a stray quote, or a cell over 1 MiB.
   */
  write(chunk: Buffer): void {
    let buffer = chunk;
    const carry = this.carry;
    this.carry = undefined;
    if (carry && this.started) {
      // An unquoted cell ends at the chunk's first comma or line feed: only that much is copied
      // behind the carried part, rather than the whole chunk.
      const end = isQuotedStart(carry) ? -1 : firstDelimiter(chunk);
      if (end === -1) buffer = Buffer.concat([carry, chunk]);
      else {
        this.parse(Buffer.concat([carry, chunk.subarray(0, end + 1)]), 0);
        buffer = chunk.subarray(end + 1);
        if (this.carry) buffer = Buffer.concat([this.carry, buffer]);
        this.carry = undefined;
      }
    } else if (carry) buffer = Buffer.concat([carry, chunk]);
    let i = 0;
    if (!this.started) {
      if (buffer.length < 3 && isByteOrderMarkPrefix(buffer)) {
        this.carry = buffer;
        return;
      }
      this.started = true;
      if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) i = 3;
    }
    this.parse(buffer, i);
  }

  private parse(buffer: Buffer, from: number): void {
    let i = from;
    const n = buffer.length;
    while (i < n) {
      let s = i;
      let c = buffer[s]!;
      while ((c === space || c === tab) && ++s < n) c = buffer[s]!;
      if (s === n) {
        this.keep(buffer, i);
        return;
      }
      let j: number;
      if (c === quote) {
        const text = this.readQuoted(buffer, s);
        if (text === undefined) {
          this.keep(buffer, i);
          return;
        }
        j = this.afterQuote;
        c = buffer[j]!;
        if (c === carriageReturn) c = buffer[++j]!;
        this.quotedCellAt(text);
      } else {
        j = this.readNumber(buffer, s, n);
        if (j !== -1) c = buffer[j]!;
        else {
          j = s;
          while (c !== comma && c !== newline) {
            if (c === quote) this.fail('has a quote inside an unquoted cell');
            if (++j === n) {
              this.keep(buffer, i);
              return;
            }
            c = buffer[j]!;
          }
          let e = j;
          if (c === newline && e > s && buffer[e - 1] === carriageReturn) e--;
          while (e > s && (buffer[e - 1] === space || buffer[e - 1] === tab)) e--;
          if (c === newline && e === s && this.column === 0) {
            i = j + 1;
            continue;
          }
          this.cellAt(buffer, s, e);
        }
      }
      i = j + 1;
      if (c === comma) {
        this.column++;
        if (this.names && this.column === this.names.length) {
          throw new InvalidArgumentError(
            `row ${this.sink.rows + 1}: cell ${this.column + 1} is past the header's ${this.names.length} columns`,
            { field: 'body', reason: 'ragged' },
          );
        }
      } else this.endOfRow();
    }
  }

  /**
   * Reads what is left at the end of the part.
   * @throws InvalidArgumentError as `write`, and for a quoted cell that is never closed.
   */
  end(): void {
    if (this.carry || this.column > 0) this.write(Buffer.of(newline));
    if (this.carry) this.fail('has a quoted cell that is never closed');
  }

  /**
   * Reads an unquoted number cell at `start` straight into its column when the number is followed
   * by the cell's end; returns the index of the comma or line feed after it, or -1 (nothing read).
   */
  private readNumber(buffer: Buffer, start: number, n: number): number {
    const target = this.names ? this.sink.numberTargets[this.column] : undefined;
    if (target === undefined) return -1;
    let stop = target.readDecimal(buffer, start, n);
    if (stop === -1 || stop === n) return -1;
    let c = buffer[stop];
    if (c === carriageReturn && stop + 1 < n && buffer[stop + 1] === newline) c = buffer[++stop];
    if (c !== comma && c !== newline) return -1;
    target.accept();
    return stop;
  }

  /** Where the cell after the last closing quote read ends (its comma or line break). */
  private afterQuote = 0;

  /** The text of the quoted cell at `start`, or undefined when the buffer ends before its delimiter. */
  private readQuoted(buffer: Buffer, start: number): string | undefined {
    let text = '';
    let from = start + 1;
    for (;;) {
      const q = buffer.indexOf(quote, from);
      if (q === -1 || q + 1 === buffer.length) return undefined;
      if (buffer[q + 1] === quote) {
        text += buffer.toString('utf8', from, q + 1);
        from = q + 2;
        continue;
      }
      text += buffer.toString('utf8', from, q);
      let j = q + 1;
      while (j < buffer.length && (buffer[j] === space || buffer[j] === tab)) j++;
      if (j === buffer.length || (buffer[j] === carriageReturn && j + 1 === buffer.length)) return undefined;
      const c = buffer[j] === carriageReturn ? buffer[j + 1] : buffer[j];
      if (c !== comma && c !== newline) this.fail('has text after the closing quote of a cell');
      this.afterQuote = j;
      return text;
    }
  }

  private keep(buffer: Buffer, from: number): void {
    if (buffer.length - from > maxCellBytes) this.fail('has a cell over 1 MiB (is a quote never closed?)');
    this.carry = buffer.subarray(from);
  }

  private cellAt(buffer: Buffer, start: number, end: number): void {
    if (this.names) this.sink.cell(this.column, buffer, start, end);
    else this.headerCells.push(buffer.toString('utf8', start, end));
  }

  private quotedCellAt(text: string): void {
    if (this.names) this.sink.quotedCell(this.column, text);
    else this.headerCells.push(text);
  }

  private endOfRow(): void {
    const cells = this.column + 1;
    this.column = 0;
    if (!this.names) {
      const names = this.headerCells.splice(0);
      const seen = new Set<string>();
      for (const name of names) {
        if (seen.has(name)) {
          throw new InvalidArgumentError(`header: column "${name}" appears twice`, {
            field: 'body',
            reason: 'duplicate_column',
          });
        }
        seen.add(name);
      }
      this.names = names;
      this.sink.header(names);
      return;
    }
    if (cells < this.names.length) {
      const missing = this.names[cells]!;
      throw new InvalidArgumentError(
        `row ${this.sink.rows + 1}: ${cells} cells, but the header has ${this.names.length} columns: column "${missing}" is missing`,
        { field: missing, reason: 'ragged' },
      );
    }
    this.sink.endRow();
  }

  private fail(problem: string): never {
    const where = this.names
      ? `row ${this.sink.rows + 1}, column "${this.names[this.column]}"`
      : `header, column ${this.column + 1}`;
    throw new InvalidArgumentError(`${where} ${problem}`, { field: 'body', reason: 'malformed' });
  }
}

/** Whether a carried cell is a quoted one (its first byte after spaces and tabs is a quote). */
function isQuotedStart(cell: Buffer): boolean {
  let i = 0;
  while (i < cell.length && (cell[i] === space || cell[i] === tab)) i++;
  return cell[i] === quote;
}

function firstDelimiter(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === comma || chunk[i] === newline) return i;
  return -1;
}

function isByteOrderMarkPrefix(buffer: Buffer): boolean {
  const mark = [0xef, 0xbb, 0xbf];
  for (let i = 0; i < buffer.length; i++) if (buffer[i] !== mark[i]) return false;
  return true;
}
