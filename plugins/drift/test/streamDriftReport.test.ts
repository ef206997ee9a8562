import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { type ColumnarDataset, type DriftReport, detectDrift, streamDriftReport } from '../src/index.js';
import { seededUniform, shiftedNormalStream } from './detectorsStreams.js';

const rows = 2500;

/** Numbers with missing values, and categories that need quoting in CSV. */
function dataset(seed: number, shift: number): ColumnarDataset {
  const uniform = seededUniform(seed);
  const withGaps = (values: Float64Array) => values.map((v, i) => (i % 97 === 5 ? Number.NaN : v));
  const levels = ['plain', 'with, comma', 'say "hi"', 'two\nlines', 'zürich', ''];
  return {
    age: withGaps(new Float64Array(shiftedNormalStream(seed, rows, rows, 40 + shift, 40 + shift, 12))),
    score: new Float64Array(shiftedNormalStream(seed + 1, rows, rows, 0, 0, 1e-3)).map(
      (v) => v * 10 ** (seed % 5),
    ),
    small: new Float64Array(rows).map(() => Math.floor(uniform() * (3 + shift))),
    plan: Array.from({ length: rows }, () => levels[Math.floor(uniform() ** (1 + shift) * levels.length)]!),
  };
}

function csvOf(data: ColumnarDataset, from = 0, to = rows, crlf = false): string {
  const names = Object.keys(data);
  const cell = (v: number | string) =>
    typeof v === 'number'
      ? Number.isNaN(v)
        ? ''
        : String(v)
      : /[",\n]/.test(v)
        ? `"${v.replaceAll('"', '""')}"`
        : v;
  const lines = [names.join(',')];
  for (let i = from; i < to; i++) lines.push(names.map((n) => cell(data[n]![i]!)).join(','));
  const end = crlf ? '\r\n' : '\n';
  return `${lines.join(end)}${end}`;
}

function jsonlOf(data: ColumnarDataset, from = 0, to = rows): string {
  const names = Object.keys(data);
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const row: Record<string, unknown> = {};
    for (const n of names) {
      const v = data[n]![i]!;
      if (!(typeof v === 'number' && Number.isNaN(v))) row[n] = v;
    }
    lines.push(JSON.stringify(row));
  }
  return `${lines.join('\n')}\n`;
}

const chunked = (text: string, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, i * size + size)),
  );

/** Everything a report says about its columns, statistics to the last bit. */
const findings = (report: DriftReport) =>
  report.columns.map((c) => ({
    column: c.column,
    type: c.type,
    test: c.test,
    result: c.result,
    drifted: c.drifted,
  }));

describe('stream: streamDriftReport', () => {
  const reference = dataset(1, 0);
  const current = dataset(2, 1);

  it('gives exactly the columnar report from CSV (CRLF, quoted cells, tiny chunks) and JSON Lines in parts', async () => {
    for (const options of [{}, { numeric: { test: 'ks' as const } }]) {
      const columnar = detectDrift(reference, current, options);
      expect(columnar.driftedColumns.length).to.be.above(0);
      const fromCsv = await streamDriftReport(
        { format: 'csv', body: chunked(csvOf(reference, 0, rows, true), 37) },
        [
          { format: 'csv', body: chunked(csvOf(current, 0, 1700), 4096) },
          { format: 'csv', body: async () => chunked(csvOf(current, 1700), 1) },
        ],
        options,
      );
      const fromJsonl = await streamDriftReport(
        { format: 'jsonl', body: chunked(jsonlOf(reference), 1000) },
        [
          { format: 'jsonl', body: chunked(jsonlOf(current, 0, 999), 333) },
          { format: 'jsonl', body: chunked(jsonlOf(current, 999), 65_536) },
        ],
        options,
      );
      for (const streamed of [fromCsv, fromJsonl]) {
        expect(findings(streamed)).to.deep.equal(findings(columnar));
        expect(streamed.driftedColumns).to.deep.equal(columnar.driftedColumns);
        expect(streamed).to.include({ referenceRows: rows, currentRows: rows });
      }
    }
  });

  it('deletes its column files after a report and after a refused one', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'drift-stream-test-'));
    try {
      await streamDriftReport(
        { format: 'csv', body: Readable.from([csvOf(reference)]) },
        { format: 'csv', body: Readable.from([csvOf(current)]) },
        { spillDirectory: directory },
      );
      expect(await readdir(directory)).to.deep.equal([]);
      const ragged = `${csvOf(current, 0, 1500)}1,2\n`;
      const err = await streamDriftReport(
        { format: 'csv', body: Readable.from([csvOf(reference)]) },
        { format: 'csv', body: Readable.from([ragged]) },
        { spillDirectory: directory },
      ).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(
        'row 1501: 2 cells, but the header has 4 columns: column "small" is missing',
      );
      expect(await readdir(directory)).to.deep.equal([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
