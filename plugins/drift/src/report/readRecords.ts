import { InvalidArgumentError } from '@mlops/plugin-api';
import { type CsvCellSink, CsvReader } from './CsvReader.js';

/** The text formats a dataset can be streamed in: CSV with a header row, or JSON Lines of flat objects. */
export type DatasetFormat = 'csv' | 'jsonl';

/** One JSON Lines row: a flat object. */
export type DatasetRecord = Record<string, unknown>;

/** Where {@link readRecords} puts rows: CSV as cells, JSON Lines as records. */
export interface RecordSink extends CsvCellSink {
  /** A JSON Lines row. */
  record(record: DatasetRecord): void;
  /** Awaited after each slice of input, so that the sink's pending writes stay bounded. */
  settle(): Promise<void>;
}

/** Input is handed to the parsers in slices of at most this many bytes. */
const sliceBytes = 1 << 20;
/** A JSON line this long is refused. */
const maxLineBytes = 16 << 20;

/**
 * Reads one part of a dataset (a byte stream of CSV with a header row, or JSON Lines) into `sink`,
 * chunk by chunk, so a file of any length is never in memory.
 * @throws InvalidArgumentError (`details.field` `body`, or the column) for malformed CSV naming
 * the row and column, a ragged row, or a line that is not a JSON object, naming the line.
 */
export async function readRecords(
  body: AsyncIterable<Uint8Array | string>,
  format: DatasetFormat,
  sink: RecordSink,
): Promise<void> {
  if (format === 'csv') {
    const reader = new CsvReader(sink);
    for await (const chunk of body) {
      const bytes = asBuffer(chunk);
      for (let from = 0; from < bytes.length; from += sliceBytes) {
        reader.write(bytes.subarray(from, from + sliceBytes));
        await sink.settle();
      }
    }
    reader.end();
    await sink.settle();
    return;
  }
  let line = 0;
  let pieces: Buffer[] = [];
  let held = 0;
  const take = (text: string) => {
    line++;
    let value: unknown;
    try {
      value = JSON.parse(line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      // A blank line (or one of only whitespace) is skipped; anything else is reported below.
      if (text.trim() === '') return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidArgumentError(`body line ${line} is not a JSON object`, {
        field: 'body',
        reason: 'malformed',
      });
    }
    sink.record(value as DatasetRecord);
  };
  for await (const chunk of body) {
    const bytes = asBuffer(chunk);
    let from = 0;
    for (let end = bytes.indexOf(10, from); end !== -1; end = bytes.indexOf(10, from)) {
      if (pieces.length === 0) take(bytes.toString('utf8', from, end));
      else {
        pieces.push(bytes.subarray(from, end));
        take(Buffer.concat(pieces).toString('utf8'));
        pieces = [];
        held = 0;
      }
      from = end + 1;
    }
    if (from < bytes.length) {
      held += bytes.length - from;
      if (held > maxLineBytes) {
        throw new InvalidArgumentError(`body line ${line + 1} is over 16 MiB`, {
          field: 'body',
          reason: 'too_long',
        });
      }
      pieces.push(bytes.subarray(from));
    }
    await sink.settle();
  }
  if (pieces.length > 0) take(Buffer.concat(pieces).toString('utf8'));
  await sink.settle();
}

function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
