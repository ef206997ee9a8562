// Drift benchmark (issue 8). Part 1: two-sample Kolmogorov-Smirnov on 1,000,000 vs 1,000,000
// float64 values, median of several runs, beside scipy.stats.ks_2samp timed on the same data in
// the same run (bench/reference/scipy_ks.py, when a python3 with scipy is on PATH).
// Run: npm run build && node bench/dist/drift.js   (KS_RUNS=7 KS_N=1000000)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ks2samp, sortedCopy } from '@mlops/plugin-drift';

const runs = Number(process.env.KS_RUNS ?? 7);
const n = Number(process.env.KS_N ?? 1_000_000);
const here = dirname(fileURLToPath(import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Normal(loc, 1) values from a seeded xorshift32 + Box-Muller, so every run tests the same data. */
function normalSample(size: number, loc: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    out[i] = loc + Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

interface ScipyTiming {
  scipy: string;
  numpy: string;
  medianMs: number;
  statistic: number;
  pValue: number;
}

function timeScipy(a: Float64Array, b: Float64Array): ScipyTiming | string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-ks-'));
  try {
    const fa = join(dir, 'a.f64');
    const fb = join(dir, 'b.f64');
    writeFileSync(fa, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    writeFileSync(fb, new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    // The script lives in the source tree: bench/dist/drift.js -> bench/reference/scipy_ks.py.
    const script = join(here, '..', 'reference', 'scipy_ks.py');
    const p = spawnSync('python3', [script, fa, fb, String(runs)], { encoding: 'utf8', timeout: 300_000 });
    if (p.error || p.status !== 0)
      return `not measured (${p.error?.message ?? p.stderr.trim().split('\n').pop()})`;
    return JSON.parse(p.stdout) as ScipyTiming;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: string[] = [];
console.log(
  `# KS two-sample benchmark: ${n.toLocaleString('en-US')} vs ${n.toLocaleString('en-US')} float64`,
);
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, median of ${runs} runs\n`);
rows.push(
  '| data | ours (ms) | of which 2 sorts | scipy ks_2samp (ms) | speed-up | D ours / scipy | p ours / scipy |',
);
rows.push('|---|---:|---:|---:|---:|---|---|');
for (const [label, shift] of [
  ['same distribution', 0],
  ['shift 0.01 sd', 0.01],
  ['shift 0.1 sd', 0.1],
] as const) {
  const a = normalSample(n, 0, 12345);
  const b = normalSample(n, shift, 67890);
  ks2samp(a, b); // warm-up: JIT and page faults out of the timings
  const ours: number[] = [];
  const sorts: number[] = [];
  let result = ks2samp(a, b);
  for (let r = 0; r < runs; r++) {
    ours.push(time(() => (result = ks2samp(a, b))));
    sorts.push(
      time(() => {
        sortedCopy(a);
        sortedCopy(b);
      }),
    );
  }
  const scipy = timeScipy(a, b);
  const oursMs = median(ours);
  if (typeof scipy === 'string') {
    rows.push(
      `| ${label} | ${oursMs.toFixed(1)} | ${median(sorts).toFixed(1)} | ${scipy} | | ${result.statistic} | ${result.pValue} |`,
    );
  } else {
    rows.push(
      `| ${label} | ${oursMs.toFixed(1)} | ${median(sorts).toFixed(1)} | ${scipy.medianMs.toFixed(1)} (scipy ${scipy.scipy}) | ` +
        `${(scipy.medianMs / oursMs).toFixed(2)}x | ${result.statistic} / ${scipy.statistic} | ${result.pValue} / ${scipy.pValue} |`,
    );
  }
  console.log(rows[rows.length - 1]);
}
console.log(`\n${rows.join('\n')}`);

// Part 2, the 50-column report, lives in bench/drift/reportBench.ts (plugin side) when present.
const reportBench = join(here, 'drift', 'reportBench.js');
if (existsSync(reportBench)) {
  const mod = (await import(pathToFileURL(reportBench).href)) as { runReportBench?: () => Promise<string> };
  if (typeof mod.runReportBench === 'function') console.log(`\n${await mod.runReportBench()}`);
}
