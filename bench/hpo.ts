// HPO benchmark (issue 7): best values of TPE and random search on five test functions (100 trials,
// seeds 0..9) next to Optuna's, and TPE's per-trial overhead with a free objective over 1,000 trials.
// Run: npm run build && node bench/dist/hpo.js   (OPTUNA=live|json|auto, SEEDS=0-9, TRIALS=100, OVERHEAD_TRIALS=1000,
// REFERENCE=bench/reference/optuna_reference_seeds10-39.json with SEEDS=10-39 for the wider comparison)
// Optuna's figures come from bench/reference/optuna_reference.json; its overhead is measured again in
// this run when Debian's /usr/bin/python3 has optuna (OPTUNA=auto, the default).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStudy, RandomSampler, type Sampler, TPESampler } from '@mlops/plugin-hpo';
import { type BenchmarkFunction, benchmarkFunctions } from './hpo/benchmarkFunctions.js';

interface Overhead {
  trials: number;
  meanMs: number;
  first100Ms: number;
  last100Ms: number;
  /** CPU time of the process (all threads), less sensitive to other load on a shared machine. */
  cpuMeanMs?: number;
  cpuFirst100Ms?: number;
  cpuLast100Ms?: number;
}
interface Reference {
  optuna: string;
  python: string;
  seeds: number[];
  quality: Record<string, { tpe: number[]; random: number[] }>;
  overhead?: Record<string, Overhead>;
}

const here = dirname(fileURLToPath(import.meta.url));
const referencePath = process.env.REFERENCE ?? join(here, '..', 'reference', 'optuna_reference.json');
const scriptPath = join(here, '..', 'reference', 'optuna_reference.py');
const [firstSeed, lastSeed] = (process.env.SEEDS ?? '0-9').split('-').map(Number) as [number, number];
const seeds = Array.from({ length: lastSeed - firstSeed + 1 }, (_, i) => firstSeed + i);
const nTrials = Number(process.env.TRIALS ?? 100);
const overheadTrials = Number(process.env.OVERHEAD_TRIALS ?? 1000);
const optunaMode = process.env.OPTUNA ?? 'auto';

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number | undefined) =>
  x === undefined ? 'n/a' : Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(4);

async function bestValue(fn: BenchmarkFunction, sampler: Sampler, trials: number): Promise<number> {
  const study = await createStudy({ sampler });
  await study.optimize(fn.objective, { nTrials: trials });
  return study.bestValue;
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function overhead(fn: BenchmarkFunction): Promise<Overhead> {
  const study = await createStudy({ sampler: new TPESampler({ seed: 0 }) });
  const marks: number[] = [];
  const cpuMarks: number[] = [];
  const start = performance.now();
  const cpuStart = cpuMs();
  const mark = () => {
    marks.push(performance.now());
    cpuMarks.push(cpuMs());
  };
  await study.optimize(fn.objective, { nTrials: overheadTrials, callbacks: [mark] });
  const perTrial = marks.map((t, i) => t - (i === 0 ? start : marks[i - 1]!));
  const cpuPerTrial = cpuMarks.map((t, i) => t - (i === 0 ? cpuStart : cpuMarks[i - 1]!));
  return {
    trials: overheadTrials,
    meanMs: mean(perTrial),
    first100Ms: mean(perTrial.slice(0, 100)),
    last100Ms: mean(perTrial.slice(-100)),
    cpuMeanMs: mean(cpuPerTrial),
    cpuFirst100Ms: mean(cpuPerTrial.slice(0, 100)),
    cpuLast100Ms: mean(cpuPerTrial.slice(-100)),
  };
}

function liveOptunaOverhead(): Record<string, Overhead> | undefined {
  if (optunaMode === 'json') return undefined;
  const run = spawnSync(
    '/usr/bin/python3',
    [scriptPath, '--parts', 'overhead', '--overhead-trials', String(overheadTrials)],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) {
    if (optunaMode === 'live') throw new Error(`optuna_reference.py failed: ${run.stderr || run.error}`);
    console.log(`(Optuna not runnable here, using the overhead stored in ${referencePath})`);
    return undefined;
  }
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, Overhead>;
}

async function main() {
  const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as Reference;
  if (reference.seeds.join() !== seeds.join()) {
    throw new Error(
      `${referencePath} holds seeds ${reference.seeds.join(',')}, not ${seeds.join(',')}: set SEEDS or REFERENCE`,
    );
  }
  console.log(
    `HPO benchmark: ${nTrials} trials, seeds ${seeds[0]}..${seeds[seeds.length - 1]}, Node ${process.version}; ` +
      `reference: Optuna ${reference.optuna} (Python ${reference.python}), default TPESampler and RandomSampler`,
  );
  console.log('\nBest value after %d trials (lower is better), mean / median over seeds:\n', nTrials);
  console.log(
    '| function | minimum | TPE (ours, default) | random (ours) | TPE (ours, Optuna 3.1 settings) | Optuna TPE | Optuna random |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const verdicts: string[] = [];
  for (const fn of benchmarkFunctions) {
    const tpe: number[] = [];
    const random: number[] = [];
    const optunaSettings: number[] = [];
    for (const seed of seeds) {
      tpe.push(await bestValue(fn, new TPESampler({ seed }), nTrials));
      random.push(await bestValue(fn, new RandomSampler({ seed }), nTrials));
      optunaSettings.push(
        await bestValue(
          fn,
          new TPESampler({ seed, multivariate: false, scaledKernels: false, gammaRatio: 0.1 }),
          nTrials,
        ),
      );
    }
    const ref = reference.quality[fn.name];
    const cell = (xs: number[] | undefined) => (xs ? `${fmt(mean(xs))} / ${fmt(median(xs))}` : 'n/a');
    console.log(
      `| ${fn.name} | ${fmt(fn.minimum)} | ${cell(tpe)} | ${cell(random)} | ${cell(optunaSettings)} | ${cell(ref?.tpe)} | ${cell(ref?.random)} |`,
    );
    const beatsRandom = mean(tpe) < mean(random);
    const matchesOptuna = ref ? mean(tpe) <= mean(ref.tpe) : undefined;
    verdicts.push(
      `${fn.name}: TPE ${beatsRandom ? 'beats' : 'does NOT beat'} random; ` +
        (matchesOptuna === undefined
          ? 'no Optuna reference'
          : `mean best ${matchesOptuna ? 'matches or beats' : 'is WORSE than'} Optuna's TPE (${fmt(mean(tpe))} vs ${fmt(mean(ref!.tpe))})`),
    );
  }
  console.log(`\n${verdicts.join('\n')}`);

  if (overheadTrials === 0) return;
  const live = liveOptunaOverhead();
  const optuna = live ?? reference.overhead;
  console.log(
    `\nTPE per-trial overhead, free objective, ${overheadTrials} trials (ms per trial; Optuna ${live ? 'measured in this run' : 'from the reference JSON'}):\n`,
  );
  console.log(
    '| function | clock | ours: mean | ours: trials 1-100 | ours: last 100 | Optuna: mean | Optuna: trials 1-100 | Optuna: last 100 | ours / Optuna (mean) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const name of ['branin', 'hartmann6']) {
    const ours = await overhead(benchmarkFunctions.find((f) => f.name === name)!);
    const theirs = optuna?.[name];
    const row = (
      clock: string,
      o: (x: Overhead) => [number | undefined, number | undefined, number | undefined],
    ) => {
      const [m, f, l] = o(ours);
      const [tm, tf, tl] = theirs ? o(theirs) : [undefined, undefined, undefined];
      const ratio = m !== undefined && tm !== undefined ? `1/${(tm / m).toFixed(1)}` : 'n/a';
      console.log(
        `| ${name} | ${clock} | ${fmt(m)} | ${fmt(f)} | ${fmt(l)} | ${fmt(tm)} | ${fmt(tf)} | ${fmt(tl)} | ${ratio} |`,
      );
    };
    row('wall', (x) => [x.meanMs, x.first100Ms, x.last100Ms]);
    row('CPU', (x) => [x.cpuMeanMs, x.cpuFirst100Ms, x.cpuLast100Ms]);
  }
}

await main();
