// Drift benchmark (issue 8). Part 1: two-sample Kolmogorov-Smirnov on 1,000,000 vs 1,000,000
// float64 values, median of several runs, beside scipy.stats.ks_2samp timed on the same data in
// the same run (bench/reference/scipy_ks.py, when a python3 with scipy is on PATH). Besides
// normal data, rows where our bounds prune least (ties, few distinct values, identical samples)
// and already sorted inputs. The machine may be shared: compare the ratios, and the load average.
// Run: npm run build && node bench/dist/drift.js   (KS_RUNS=7 KS_N=1000000)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ks2samp } from '@mlops/plugin-drift';

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
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `# KS two-sample benchmark: ${n.toLocaleString('en-US')} vs ${n.toLocaleString('en-US')} float64`,
);
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x ${cpus().length}, median of ${runs} runs`,
);
console.log(`load average at start: ${load()}\n`);
rows.push('| data | ours (ms) | scipy ks_2samp (ms) | speed-up | D ours / scipy | p ours / scipy |');
rows.push('|---|---:|---:|---:|---|---|');
const normalA = normalSample(n, 0, 12345);
const cases: [string, () => [Float64Array, Float64Array]][] = [
  ['same distribution', () => [normalA, normalSample(n, 0, 67890)]],
  ['shift 0.01 sd', () => [normalA, normalSample(n, 0.01, 67890)]],
  ['shift 0.1 sd', () => [normalA, normalSample(n, 0.1, 67890)]],
  ['ties: 1 decimal, shift 0.01 sd', () => [roundTo(normalA, 10), roundTo(normalSample(n, 0.01, 67890), 10)]],
  ['5 distinct integers', () => [floorOf(normalA), floorOf(normalSample(n, 0.01, 67890))]],
  ['identical samples (worst case)', () => [normalA, normalA.slice().reverse()]],
  ['both sorted, shift 0.01 sd', () => [normalA.slice().sort(), normalSample(n, 0.01, 67890).sort()]],
];
const speedUps: number[] = [];
for (const [label, make] of cases) {
  const [a, b] = make();
  ks2samp(a, b); // warm-up: JIT and page faults out of the timings
  const ours: number[] = [];
  let result = ks2samp(a, b);
  for (let r = 0; r < runs; r++) ours.push(time(() => (result = ks2samp(a, b))));
  const scipy = timeScipy(a, b);
  const oursMs = median(ours);
  if (typeof scipy === 'string') {
    rows.push(`| ${label} | ${oursMs.toFixed(1)} | ${scipy} | | ${result.statistic} | ${result.pValue} |`);
  } else {
    speedUps.push(scipy.medianMs / oursMs);
    rows.push(
      `| ${label} | ${oursMs.toFixed(1)} | ${scipy.medianMs.toFixed(1)} (scipy ${scipy.scipy}) | ` +
        `${(scipy.medianMs / oursMs).toFixed(2)}x | ${result.statistic} / ${scipy.statistic} | ${result.pValue} / ${scipy.pValue} |`,
    );
  }
  console.log(rows[rows.length - 1]);
}
console.log(`\n${rows.join('\n')}`);
if (speedUps.length > 0) console.log(`\nlowest speed-up ${Math.min(...speedUps).toFixed(2)}x`);
console.log(`load average at end: ${load()}`);

/** `xs` rounded to 1 / `per` (ties at every value). */
function roundTo(xs: Float64Array, per: number): Float64Array {
  return xs.map((x) => Math.round(x * per) / per);
}

/** `xs` floored into the integers -2..2 (five values, each a long tie). */
function floorOf(xs: Float64Array): Float64Array {
  return xs.map((x) => Math.min(2, Math.max(-2, Math.floor(x))));
}

// Part 2, the 50-column report, lives in bench/drift/reportBench.ts (plugin side) when present.
const reportBench = join(here, 'drift', 'reportBench.js');
if (existsSync(reportBench)) {
  const mod = (await import(pathToFileURL(reportBench).href)) as { runReportBench?: () => Promise<string> };
  if (typeof mod.runReportBench === 'function') console.log(`\n${await mod.runReportBench()}`);
}
