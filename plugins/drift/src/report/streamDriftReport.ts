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
 * {@link detectDrift} over streamed CSV or JSON Lines, for data larger than memory. Each side is
 * read once, row by row: numeric columns go to temporary files (8 bytes per value), categorical
 * columns to counts. Columns are then compared one at a time, so the exact tests (KS, and the
 * exact Wasserstein distance, which need every value sorted) hold 8 bytes per value of one column
 * of each side in memory: 80 MB per 10,000,000 rows, whatever the number of columns. The
 * reference's column types (inferred from its first 1,000 rows) apply to the current data, which
 * may come in several parts (batches, each with its own CSV header), read in order.
 * @throws InvalidArgumentError as detectDrift, and for a value that does not fit its column's type.
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
