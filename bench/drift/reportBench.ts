// The 50-column x 100,000-row drift report of issue 8 (target: under 2 s): 40 numeric columns
// (normal; every fourth one shifted by 0.2 sd) and 10 categorical ones (5 categories), reference
// and current of 100,000 rows each. Above 1,000 reference rows the report runs Evidently's defaults:
// the normed Wasserstein distance on numbers, Jensen-Shannon on categories. Also timed: the same
// report with KS forced on every numeric column, and the streamed path from CSV and JSON Lines.
//
// Memory of the streamed path (a separate run, so that its peak RSS is its own):
//   node bench/dist/drift/reportBench.js --memory 10000000 [--numeric 4] [--categorical 1]
// writes reference and current CSV files of that many rows to a temporary directory, row batch by
// row batch, then streams the report from them and prints the peak RSS.

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type ColumnarDataset, detectDrift, streamDriftReport } from '@mlops/plugin-drift';

const rows = 100_000;
const numericColumns = 40;
const categoricalColumns = 10;

function uniformFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalFrom(uniform: () => number, shift: number): number {
  return shift + Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function dataset(seed: number, shifted: boolean): ColumnarDataset {
  const uniform = uniformFrom(seed);
  const data: Record<string, Float64Array | string[]> = {};
  for (let c = 0; c < numericColumns; c++) {
    const values = new Float64Array(rows);
    const shift = shifted && c % 4 === 0 ? 0.2 : 0;
    for (let i = 0; i < rows; i++) values[i] = normalFrom(uniform, shift);
    data[`num_${c}`] = values;
  }
  for (let c = 0; c < categoricalColumns; c++) {
    data[`cat_${c}`] = Array.from(
      { length: rows },
      () => `level_${Math.floor(uniform() ** (shifted && c === 0 ? 2 : 1) * 5)}`,
    );
  }
  return data;
}

function csvOf(data: ColumnarDataset): string {
  const names = Object.keys(data);
  const lines = [names.join(',')];
  for (let i = 0; i < rows; i++) lines.push(names.map((n) => String(data[n]![i])).join(','));
  return `${lines.join('\n')}\n`;
}

function jsonlOf(data: ColumnarDataset): string {
  const names = Object.keys(data);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const row: Record<string, unknown> = {};
    for (const n of names) row[n] = data[n]![i];
    lines.push(JSON.stringify(row));
  }
  return `${lines.join('\n')}\n`;
}

async function best<T>(runs: number, fn: () => T | Promise<T>): Promise<[T, number]> {
  let result: T | undefined;
  let fastest = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = await fn();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return [result!, fastest];
}

/** Runs the report benchmark and returns its markdown table. */
export async function runReportBench(): Promise<string> {
  const reference = dataset(1, false);
  const current = dataset(2, true);
  const [auto, autoMs] = await best(3, () => detectDrift(reference, current));
  const [ks, ksMs] = await best(3, () => detectDrift(reference, current, { numeric: { test: 'ks' } }));
  const [referenceCsv, currentCsv] = [Buffer.from(csvOf(reference)), Buffer.from(csvOf(current))];
  // 64 KiB chunks, as a file or an HTTP body arrives.
  const chunks = (bytes: Buffer) =>
    Readable.from(
      (function* () {
        for (let i = 0; i < bytes.length; i += 65_536) yield bytes.subarray(i, i + 65_536);
      })(),
    );
  const [streamed, streamedMs] = await best(2, () =>
    streamDriftReport(
      { format: 'csv', body: chunks(referenceCsv) },
      { format: 'csv', body: chunks(currentCsv) },
    ),
  );
  const [referenceJsonl, currentJsonl] = [Buffer.from(jsonlOf(reference)), Buffer.from(jsonlOf(current))];
  const [fromJsonl, jsonlMs] = await best(2, () =>
    streamDriftReport(
      { format: 'jsonl', body: chunks(referenceJsonl) },
      { format: 'jsonl', body: chunks(currentJsonl) },
    ),
  );
  const same = [streamed, fromJsonl].every((r) =>
    r.columns.every((c, i) => c.result.statistic === auto.columns[i]!.result.statistic),
  );
  const mb = (bytes: Buffer) => (bytes.length / 1e6).toFixed(0);
  return [
    '| 50-column report, 100,000 x 100,000 rows | time (best of runs) | drifted columns |',
    '|---|---:|---:|',
    `| columnar, Evidently defaults (Wasserstein / Jensen-Shannon) | ${autoMs.toFixed(0)} ms | ${auto.driftedColumns.length} |`,
    `| columnar, KS (exact statistic, asymptotic p) on the 40 numeric columns | ${ksMs.toFixed(0)} ms | ${ks.driftedColumns.length} |`,
    `| streamed from CSV (${mb(referenceCsv)} MB + ${mb(currentCsv)} MB), spilled columns | ${streamedMs.toFixed(0)} ms | ${streamed.driftedColumns.length} |`,
    `| streamed from JSON Lines (${mb(referenceJsonl)} MB + ${mb(currentJsonl)} MB), spilled columns | ${jsonlMs.toFixed(0)} ms | ${fromJsonl.driftedColumns.length} |`,
    '',
    `Streamed statistics ${same ? 'equal' : 'DIFFER FROM'} the columnar ones, column by column.`,
  ].join('\n');
}

/** Writes a CSV of `count` rows (numeric columns normal, categorical ones of 5 levels), batch by batch. */
async function writeCsv(path: string, count: number, numeric: number, categorical: number, seed: number) {
  const uniform = uniformFrom(seed);
  const out = createWriteStream(path);
  const names = [
    ...Array.from({ length: numeric }, (_, c) => `num_${c}`),
    ...Array.from({ length: categorical }, (_, c) => `cat_${c}`),
  ];
  let batch = `${names.join(',')}\n`;
  for (let i = 0; i < count; i++) {
    let row = '';
    for (let c = 0; c < numeric; c++) row += `${normalFrom(uniform, seed === 2 && c === 0 ? 0.1 : 0)},`;
    for (let c = 0; c < categorical; c++) row += `level_${Math.floor(uniform() * 5)},`;
    batch += `${row.slice(0, -1)}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

/** The streamed report over two generated files of `count` rows each; prints time and peak RSS. */
async function runMemoryBench(count: number, numeric: number, categorical: number): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'drift-memory-bench-'));
  try {
    const [referencePath, currentPath] = [join(directory, 'reference.csv'), join(directory, 'current.csv')];
    await writeCsv(referencePath, count, numeric, categorical, 1);
    await writeCsv(currentPath, count, numeric, categorical, 2);
    const sizes = [(await stat(referencePath)).size, (await stat(currentPath)).size];
    const peakBefore = process.resourceUsage().maxRSS / 1024;
    const rssBefore = process.memoryUsage().rss / 2 ** 20;
    const t0 = performance.now();
    const report = await streamDriftReport(
      { format: 'csv', body: createReadStream(referencePath) },
      { format: 'csv', body: createReadStream(currentPath) },
      { spillDirectory: directory },
    );
    const ms = performance.now() - t0;
    const peak = process.resourceUsage().maxRSS / 1024;
    return [
      `rows ${count} + ${count}, ${numeric} numeric + ${categorical} categorical columns, files ${sizes.map((s) => (s / 1e6).toFixed(0)).join(' + ')} MB`,
      `streamed report ${(ms / 1000).toFixed(1)} s, drifted ${report.driftedColumns.join(', ') || 'none'}`,
      `RSS before ${rssBefore.toFixed(0)} MiB (peak while generating ${peakBefore.toFixed(0)} MiB), peak after the report ${peak.toFixed(0)} MiB`,
    ].join('\n');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('reportBench.js')) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? fallback : Number(process.argv[i + 1]);
  };
  if (process.argv.includes('--memory')) {
    console.log(
      await runMemoryBench(arg('--memory', 2_000_000), arg('--numeric', 4), arg('--categorical', 1)),
    );
  } else console.log(await runReportBench());
}
