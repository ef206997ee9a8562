import { InvalidArgumentError } from '@mlops/plugin-api';
import { concludeReport } from './concludeReport.js';
import type { DriftReport } from './DriftReport.js';
import type { DriftReportOptions } from './DriftReportOptions.js';
import { type ColumnFinding, examineColumn } from './examineColumn.js';
import type { DatasetFormat } from './readRecords.js';
import { SpilledDataset } from './SpilledDataset.js';
import { selectColumns, validateReportOptions } from './validateReportOptions.js';

/**
 * A dataset as a byte stream (a Readable, a BlobStore object, a file) in a text format; `body` may
 * be a function that opens the stream, so that many parts are opened one at a time.
 */
export interface DatasetStream {
  readonly body: AsyncIterable<Uint8Array | string> | (() => Promise<AsyncIterable<Uint8Array | string>>);
  readonly format: DatasetFormat;
}

/** Options of {@link streamDriftReport}: the report's, and where temporary column files go. */
export interface StreamDriftReportOptions extends DriftReportOptions {
  /** Directory of the temporary column files (default the OS temp directory); they are deleted at the end. */
  readonly spillDirectory?: string;
}

/**
 * {@link detectDrift} over streamed CSV or JSON Lines, for data larger than memory, with the same
 * statistics to the last bit. Each side is read once, chunk by chunk (CSV by a byte-level reader
 * that parses numbers without making strings or row objects). While reading, a numeric column holds
 * a 128 KiB chunk in memory (two more in flight to disk) and writes its values to a temporary file
 * of 8 bytes per value; a categorical column holds its counts per category (memory grows with the
 * distinct values, not the rows); columns outside the report are not parsed. Columns are then
 * compared one at a time: the exact tests (KS, and the exact Wasserstein distance, which need
 * every value sorted) load one numeric column of each side, 8 bytes per value, plus the sorted
 * copies the statistics make: about 32 bytes per row of the larger side, whatever the number of
 * columns. The reference's column types (inferred from its first 1,000 rows) apply to the current
 * data, which may come in several parts (batches, each with its own CSV header), read in order.
 * @throws InvalidArgumentError as detectDrift, for a value that does not fit its column's type,
 * for a ragged CSV row or malformed input (naming the row and column); the files are deleted.
 */
export async function streamDriftReport(
  reference: DatasetStream,
  current: DatasetStream | readonly DatasetStream[],
  options: StreamDriftReportOptions = {},
): Promise<DriftReport> {
  validateReportOptions(options);
  const directory = options.spillDirectory;
  const ref = await SpilledDataset.spill([reference], { directory });
  try {
    const columns = selectColumns([...ref.schema.keys()], options);
    const schema = new Map(columns.map((name) => [name, ref.schema.get(name)!]));
    const parts = Array.isArray(current) ? current : [current as DatasetStream];
    const cur = await SpilledDataset.spill(parts, { directory, schema });
    try {
      if (cur.rows === 0) {
        throw new InvalidArgumentError('the current data has no rows', { field: 'current', reason: 'empty' });
      }
      const findings: ColumnFinding[] = [];
      for (const column of columns) {
        findings.push(examineColumn(column, await ref.load(column), await cur.load(column), options));
      }
      return concludeReport(findings, options, { reference: ref.rows, current: cur.rows });
    } finally {
      await cur.dispose();
    }
  } finally {
    await ref.dispose();
  }
}
