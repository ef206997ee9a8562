// TPE configuration sweep (issue 7): runs candidate TPESampler settings on bench/hpo's five functions
// over seeds 0..9 and 10..39 and prints each candidate's mean best next to Optuna's default TPESampler.
// Run: npm run build && node bench/dist/hpo/tuneTpe.js   (CANDIDATES=name,name to run a subset, TRIALS=100)
// A cell is marked ✗ where the candidate's mean best is worse than Optuna's on that seed set.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStudy, TPESampler, type TPESamplerOptions } from '@mlops/plugin-hpo';
import { type BenchmarkFunction, benchmarkFunctions } from './benchmarkFunctions.js';

interface Reference {
  seeds: number[];
  quality: Record<string, { tpe: number[] }>;
}

const optuna31: TPESamplerOptions = { multivariate: false, scaledKernels: false, gammaRatio: 0.1 };

/** The settings compared: Optuna 3.1's defaults, single changes from them, and steps to our default `{}`. */
const candidates: Record<string, TPESamplerOptions> = {
  'optuna 3.1 defaults': optuna31,
  'univariate, scaled': { ...optuna31, scaledKernels: true },
  'univariate, 64 EI candidates': { ...optuna31, nEiCandidates: 64 },
  'univariate, endpoints': { ...optuna31, considerEndpoints: true },
  'univariate, gamma 0.15': { ...optuna31, gammaRatio: 0.15 },
  'multivariate (Optuna)': { ...optuna31, multivariate: true, bandwidth: 'range' },
  'multivariate, scaled': { ...optuna31, multivariate: true, bandwidth: 'range', scaledKernels: true },
  'multivariate, neighbour': { ...optuna31, multivariate: true },
  'multivariate, neighbour, scaled': { ...optuna31, multivariate: true, scaledKernels: true },
  'multivariate, neighbour, scaled, 48 EI': {
    multivariate: true,
    scaledKernels: true,
    gammaRatio: 0.1,
    nEiCandidates: 48,
  },
  'multivariate, neighbour, scaled, gamma 0.15': { gammaRatio: 0.15 },
  'default (multivariate, neighbour, scaled, gamma 0.2)': {},
};

const here = dirname(fileURLToPath(import.meta.url));
const referenceDir = join(here, '..', '..', 'reference');
const seedSets: { label: string; reference: Reference }[] = [
  { label: '0..9', reference: load('optuna_reference.json') },
  { label: '10..39', reference: load('optuna_reference_seeds10-39.json') },
];
const nTrials = Number(process.env.TRIALS ?? 100);
const functions = process.env.FUNCTIONS
  ? benchmarkFunctions.filter((fn) => process.env.FUNCTIONS!.split(',').includes(fn.name))
  : benchmarkFunctions;
const chosen = process.env.CANDIDATES ? process.env.CANDIDATES.split(',') : Object.keys(candidates);

function load(file: string): Reference {
  return JSON.parse(readFileSync(join(referenceDir, file), 'utf8')) as Reference;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));

async function bestValue(fn: BenchmarkFunction, options: TPESamplerOptions, seed: number): Promise<number> {
  const study = await createStudy({ sampler: new TPESampler({ ...options, seed }) });
  await study.optimize(fn.objective, { nTrials });
  return study.bestValue;
}

async function main() {
  for (const name of chosen) {
    if (!candidates[name])
      throw new Error(`unknown candidate "${name}": one of ${Object.keys(candidates).join(', ')}`);
  }
  const header = functions.flatMap((fn) => seedSets.map((s) => `${fn.name} ${s.label}`));
  console.log(`TPE candidates, ${nTrials} trials, mean best per seed set (✗: worse than Optuna 3.1's TPE)\n`);
  console.log(`| candidate | ${header.join(' | ')} | wins |`);
  console.log(`|---|${header.map(() => '---').join('|')}|---|`);
  const optunaCells = functions.flatMap((fn) =>
    seedSets.map((s) => fmt(mean(s.reference.quality[fn.name]!.tpe))),
  );
  console.log(`| Optuna 3.1 TPE | ${optunaCells.join(' | ')} | |`);
  for (const name of chosen) {
    const started = performance.now();
    const cells: string[] = [];
    let wins = 0;
    for (const fn of functions) {
      for (const { reference } of seedSets) {
        const values: number[] = [];
        for (const seed of reference.seeds) values.push(await bestValue(fn, candidates[name]!, seed));
        const ours = mean(values);
        const ok = ours <= mean(reference.quality[fn.name]!.tpe);
        if (ok) wins++;
        cells.push(`${fmt(ours)}${ok ? '' : ' ✗'}`);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`| ${name} (${seconds} s) | ${cells.join(' | ')} | ${wins}/${cells.length} |`);
  }
}

await main();
