import { InvalidArgumentError } from '@mlops/plugin-api';
import { isSingleValued } from '../../distributions/isSingleValued.js';
import { sameDistribution } from '../../distributions/sameDistribution.js';
import { dominates } from '../../study/dominates.js';
import type { Distribution, ParamValue, StudyDirection, TrialRecord } from '../../study/StudyStorage.js';
import { Rng } from '../Rng.js';
import type { RelativeSample, Sampler, SamplerContext, SamplingTrial } from '../Sampler.js';
import { clamp, sampleUniform, snapToStep } from '../sampleUniform.js';
import { crowdingDistance } from './crowdingDistance.js';
import { nonDominatedSort } from './nonDominatedSort.js';

/** Options of `NSGAIISampler`; the defaults are Optuna's. */
export interface NSGAIISamplerOptions {
  /** Seeds every draw. */
  seed?: number;
  /** Complete trials per generation. 50. */
  populationSize?: number;
  /** Chance that a parameter is resampled at random; 1 / (number of parameters) by default. */
  mutationProb?: number;
  /** Chance that a child mixes two parents rather than copying one. 0.9. */
  crossoverProb?: number;
  /** 'uniform' (the default: each parameter from either parent) or 'sbx' (simulated binary, on numbers). */
  crossover?: 'uniform' | 'sbx';
  /** Uniform crossover: chance of taking a parameter from the second parent. 0.5. */
  swappingProb?: number;
  /** SBX distribution index: larger keeps children closer to their parents. 20. */
  sbxEta?: number;
}

interface Member {
  readonly number: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly losses: readonly number[];
}

/**
 * NSGA-II for multi-objective studies, as Optuna's `NSGAIISampler`: the first generation is random;
 * each later child comes from two parents picked by binary tournament on Pareto dominance, mixed by
 * crossover and mutated. Every `populationSize` complete trials (in the order they complete) form
 * a generation, and the next parents are the elite of parents + generation: whole non-dominated
 * fronts, the overflowing front cut by crowding distance.
 *
 * @throws InvalidArgumentError from the constructor naming an option out of range.
 * @example new NSGAIISampler({ seed: 7, populationSize: 50, crossover: 'sbx' })
 */
export class NSGAIISampler implements Sampler {
  readonly name = 'NSGAIISampler';
  readonly options: Readonly<Record<string, unknown>>;
  private readonly seed: number;
  private readonly populationSize: number;
  private readonly mutationProb: number | undefined;
  private readonly crossoverProb: number;
  private readonly crossover: 'uniform' | 'sbx';
  private readonly swappingProb: number;
  private readonly sbxEta: number;
  private parents: Member[] = [];
  private generation: Member[] = [];
  private readonly distributionsOf = new Map<number, Readonly<Record<string, Distribution>>>();
  private space: Map<string, Distribution> | undefined;

  constructor(options: NSGAIISamplerOptions = {}) {
    this.populationSize = options.populationSize ?? 50;
    if (!Number.isInteger(this.populationSize) || this.populationSize < 2) {
      throw new InvalidArgumentError(`populationSize must be an integer >= 2, got ${this.populationSize}`, {
        field: 'populationSize',
      });
    }
    this.mutationProb = options.mutationProb;
    this.crossoverProb = options.crossoverProb ?? 0.9;
    this.swappingProb = options.swappingProb ?? 0.5;
    for (const [field, p] of [
      ['mutationProb', this.mutationProb ?? 0],
      ['crossoverProb', this.crossoverProb],
      ['swappingProb', this.swappingProb],
    ] as const) {
      if (!(p >= 0 && p <= 1))
        throw new InvalidArgumentError(`${field} must be in [0, 1], got ${p}`, { field });
    }
    this.crossover = options.crossover ?? 'uniform';
    if (this.crossover !== 'uniform' && this.crossover !== 'sbx') {
      throw new InvalidArgumentError(`crossover must be 'uniform' or 'sbx', got ${String(this.crossover)}`, {
        field: 'crossover',
      });
    }
    this.sbxEta = options.sbxEta ?? 20;
    if (!(this.sbxEta > 0))
      throw new InvalidArgumentError(`sbxEta must be positive, got ${this.sbxEta}`, { field: 'sbxEta' });
    this.seed = options.seed ?? Rng.randomSeed();
    this.options = {
      seed: options.seed ?? null,
      populationSize: this.populationSize,
      mutationProb: this.mutationProb ?? null,
      crossoverProb: this.crossoverProb,
      crossover: this.crossover,
      swappingProb: this.swappingProb,
      sbxEta: this.sbxEta,
    };
  }

  observe(trial: TrialRecord, context: SamplerContext): void {
    if (trial.state !== 'COMPLETE' || !trial.values || this.distributionsOf.has(trial.number)) return;
    this.distributionsOf.set(trial.number, trial.distributions);
    this.intersect(trial.distributions);
    this.generation.push({
      number: trial.number,
      params: trial.params,
      losses: losses(trial.values, context.directions),
    });
    if (this.generation.length >= this.populationSize) {
      this.parents = this.elite([...this.parents, ...this.generation]);
      this.generation = [];
    }
  }

  forget(number: number): void {
    if (!this.distributionsOf.delete(number)) return;
    this.parents = this.parents.filter((m) => m.number !== number);
    this.generation = this.generation.filter((m) => m.number !== number);
    this.space = undefined;
    for (const distributions of this.distributionsOf.values()) this.intersect(distributions);
  }

  sampleRelative(trial: SamplingTrial): RelativeSample {
    if (this.parents.length === 0 || !this.space) return {};
    const space = [...this.space]
      .filter(([, d]) => !isSingleValued(d))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (space.length === 0) return {};
    const rng = Rng.forTrial(this.seed, trial.number, 'nsga2');
    const first = this.tournament(rng);
    const child: Record<string, ParamValue> = {};
    if (rng.next() < this.crossoverProb) {
      const second = this.tournament(rng);
      for (const [name, dist] of space) {
        const a = first.params[name]!;
        const b = second.params[name]!;
        child[name] =
          this.crossover === 'sbx' && dist.kind !== 'categorical'
            ? sbx(a as number, b as number, dist, this.sbxEta, rng)
            : rng.next() < this.swappingProb
              ? b
              : a;
      }
    } else {
      for (const [name] of space) child[name] = first.params[name]!;
    }
    const mutationProb = this.mutationProb ?? 1 / Math.max(1, space.length);
    const sample: RelativeSample = {};
    for (const [name, dist] of space) {
      // A mutated parameter is left out, so the trial samples it independently (at random).
      if (rng.next() >= mutationProb) sample[name] = { value: child[name]!, distribution: dist };
    }
    return sample;
  }

  sampleIndependent(trial: SamplingTrial, name: string, distribution: Distribution): ParamValue {
    return sampleUniform(distribution, Rng.forTrial(this.seed, trial.number, name));
  }

  private tournament(rng: Rng): Member {
    const a = this.parents[rng.int(this.parents.length)]!;
    const b = this.parents[rng.int(this.parents.length)]!;
    if (dominates(a.losses, b.losses)) return a;
    if (dominates(b.losses, a.losses)) return b;
    return rng.next() < 0.5 ? a : b;
  }

  private elite(population: Member[]): Member[] {
    const elite: Member[] = [];
    for (const front of nonDominatedSort(population.map((m) => m.losses))) {
      const members = front.map((i) => population[i]!);
      if (elite.length + members.length <= this.populationSize) {
        elite.push(...members);
        continue;
      }
      const distance = crowdingDistance(members.map((m) => m.losses));
      const order = members
        .map((_, j) => j)
        .sort((x, y) => distance[y]! - distance[x]! || members[x]!.number - members[y]!.number);
      for (const j of order.slice(0, this.populationSize - elite.length)) elite.push(members[j]!);
      break;
    }
    return elite;
  }

  private intersect(distributions: Readonly<Record<string, Distribution>>): void {
    if (!this.space) {
      this.space = new Map(Object.entries(distributions));
      return;
    }
    for (const [name, dist] of this.space) {
      const other = distributions[name];
      if (!other || !sameDistribution(dist, other)) this.space.delete(name);
    }
  }
}

function losses(values: readonly number[], directions: readonly StudyDirection[]): number[] {
  return values.map((v, i) => (directions[i] === 'maximize' ? -v : v));
}

/** Simulated binary crossover (Deb & Agrawal) of two parent values, bounded, on the log scale for log parameters. */
function sbx(
  a: number,
  b: number,
  dist: Exclude<Distribution, { kind: 'categorical' }>,
  eta: number,
  rng: Rng,
): number {
  const scale = (x: number) => (dist.log ? Math.log(x) : x);
  const low = scale(dist.low);
  const high = scale(dist.high);
  const x1 = Math.min(scale(a), scale(b));
  const x2 = Math.max(scale(a), scale(b));
  let child: number;
  if (x2 - x1 < 1e-14) {
    child = x1;
  } else {
    const u = rng.next();
    const spread = (bound: number) => {
      const alpha = 2 - bound ** -(eta + 1);
      return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1));
    };
    const c1 = 0.5 * (x1 + x2 - spread(1 + (2 * (x1 - low)) / (x2 - x1)) * (x2 - x1));
    const c2 = 0.5 * (x1 + x2 + spread(1 + (2 * (high - x2)) / (x2 - x1)) * (x2 - x1));
    child = rng.next() < 0.5 ? c1 : c2;
  }
  const value = dist.log ? Math.exp(clamp(child, low, high)) : clamp(child, low, high);
  if (dist.kind === 'int') {
    return dist.log
      ? clamp(Math.round(value), dist.low, dist.high)
      : snapToStep(value, dist.low, dist.high, dist.step);
  }
  return dist.step === undefined
    ? clamp(value, dist.low, dist.high)
    : snapToStep(value, dist.low, dist.high, dist.step);
}
