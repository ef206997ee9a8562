import { InvalidArgumentError } from '@mlops/plugin-api';
import { isSingleValued } from '../../distributions/isSingleValued.js';
import type { Distribution, ParamValue, TrialRecord } from '../../study/StudyStorage.js';
import { crowdingDistance } from '../nsga2/crowdingDistance.js';
import { nonDominatedSort } from '../nsga2/nonDominatedSort.js';
import { Rng } from '../Rng.js';
import type { RelativeSample, Sampler, SamplerContext, SamplingTrial } from '../Sampler.js';
import { sampleUniform } from '../sampleUniform.js';
import {
  buildCategorical,
  buildMultivariateNumeric,
  buildUnivariateNumeric,
  type MultivariateBandwidth,
  mixtureWeights,
  type ParzenOptions,
} from './buildParzenComponents.js';
import { defaultWeights } from './defaultWeights.js';
import { linearGamma } from './linearGamma.js';
import { ObservationLog } from './ObservationLog.js';
import { type MixtureDimension, ParzenMixture } from './ParzenMixture.js';
import { fromParzen, parzenBounds, toParzen } from './parzenSpace.js';

export type { MultivariateBandwidth } from './buildParzenComponents.js';

type NumericDistribution = Exclude<Distribution, { kind: 'categorical' }>;

/**
 * Options of `TPESampler`. The defaults differ from Optuna's in four places, chosen on bench/hpo
 * (see the package README): `multivariate`, `bandwidth`, `scaledKernels` and `gammaRatio`, and
 * `constantLiar` is on. `{ multivariate: false, scaledKernels: false, gammaRatio: 0.1,
 * constantLiar: false }` is Optuna 3.1's default TPESampler.
 */
export interface TPESamplerOptions {
  /** Seeds every draw; a value depends only on the seed, the trial number, the parameter and history. */
  seed?: number;
  /** Random trials before the model is used. 10. */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) and scored by l(x)/g(x) per suggestion. 24. */
  nEiCandidates?: number;
  /** Of n finished trials, min(ceil(gammaRatio * n), 25) are "good". 0.2 (Optuna: 0.1). */
  gammaRatio?: number;
  /** How many of n finished trials are "good"; replaces `gammaRatio`, and is not stored with a study. */
  gamma?: (n: number) => number;
  /** Weights of n observations in trial order (older ones count less past 25). */
  weights?: (n: number) => Float64Array;
  /** Add a prior kernel (centred, as wide as the range) to each estimator. true. */
  considerPrior?: boolean;
  /** The prior kernel's weight. 1. */
  priorWeight?: number;
  /** Bound kernel widths below by range / min(100, 1 + n). true. */
  considerMagicClip?: boolean;
  /** Let the kernels at the ends of the range widen to the range's ends. false. */
  considerEndpoints?: boolean;
  /** Model the parameters every trial shares jointly (Optuna's multivariate TPE). true (Optuna: false). */
  multivariate?: boolean;
  /** Widths of the multivariate kernels (see `MultivariateBandwidth`). 'neighbour' (Optuna: 'range'). */
  bandwidth?: MultivariateBandwidth;
  /**
   * Divide each continuous kernel's density by its bandwidth, as a true Gaussian density. true.
   * Optuna 3.1 to 3.4 (Debian's python3-optuna, the benchmark reference) leave 1/sigma out, which
   * favours wide kernels around isolated observations; Optuna 3.5 put it back (optuna#5110).
   */
  scaledKernels?: boolean;
  /**
   * Count running trials as the worst observations, so parallel workers spread out (the constant
   * liar). true here (Optuna: false), since studies are shared by workers.
   */
  constantLiar?: boolean;
}

/**
 * The Tree-structured Parzen Estimator, as Optuna's `TPESampler`: after `nStartupTrials` random
 * trials, finished trials are split into the best gamma(n) and the rest, a Parzen estimator is fit
 * to each (l and g), and the candidate from l with the largest l(x)/g(x) wins. Pruned trials rank
 * after complete ones, deeper first. History is kept incrementally (one sorted insertion per
 * finished trial), so a suggestion costs what the estimator needs and no rescan of the store.
 * With several objectives the good group is whole non-dominated fronts, the overflowing front cut
 * by crowding distance, weighted equally (Optuna: hypervolume subset selection and contributions).
 * By default the parameters every trial shares are modelled jointly, with kernels that narrow where
 * good points cluster; `TPESamplerOptions` names the settings that give Optuna's sampler back.
 *
 * @throws InvalidArgumentError from the constructor on a non-positive `nEiCandidates`, a
 *   negative `nStartupTrials` or `priorWeight`, a `gammaRatio` outside (0, 1] or an unknown `bandwidth`.
 * @example new TPESampler({ seed: 1 })
 * @example new TPESampler({ seed: 1, multivariate: false, scaledKernels: false, gammaRatio: 0.1 }) // Optuna 3.1's
 */
export class TPESampler implements Sampler {
  readonly name = 'TPESampler';
  readonly options: Readonly<Record<string, unknown>>;
  private readonly seed: number;
  private readonly nStartupTrials: number;
  private readonly nEiCandidates: number;
  private readonly gamma: (n: number) => number;
  private readonly weights: (n: number) => Float64Array;
  private readonly parzen: ParzenOptions;
  private readonly multivariate: boolean;
  private readonly constantLiar: boolean;
  private readonly scaledKernels: boolean;
  private readonly bandwidth: MultivariateBandwidth;
  private readonly log = new ObservationLog();
  private belowCache: { version: number; below: Set<number> } | undefined;

  constructor(options: TPESamplerOptions = {}) {
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.nEiCandidates = options.nEiCandidates ?? 24;
    if (!Number.isInteger(this.nStartupTrials) || this.nStartupTrials < 0) {
      throw new InvalidArgumentError(
        `nStartupTrials must be a non-negative integer, got ${this.nStartupTrials}`,
        {
          field: 'nStartupTrials',
        },
      );
    }
    if (!Number.isInteger(this.nEiCandidates) || this.nEiCandidates < 1) {
      throw new InvalidArgumentError(`nEiCandidates must be a positive integer, got ${this.nEiCandidates}`, {
        field: 'nEiCandidates',
      });
    }
    const priorWeight = options.priorWeight ?? 1;
    if (!(priorWeight > 0)) {
      throw new InvalidArgumentError(`priorWeight must be positive, got ${priorWeight}`, {
        field: 'priorWeight',
      });
    }
    this.seed = options.seed ?? Rng.randomSeed();
    const gammaRatio = options.gammaRatio ?? 0.2;
    if (!(gammaRatio > 0 && gammaRatio <= 1)) {
      throw new InvalidArgumentError(`gammaRatio must be in (0, 1], got ${gammaRatio}`, {
        field: 'gammaRatio',
      });
    }
    this.gamma = options.gamma ?? linearGamma(gammaRatio);
    this.weights = options.weights ?? defaultWeights;
    this.parzen = {
      priorWeight,
      considerPrior: options.considerPrior ?? true,
      considerMagicClip: options.considerMagicClip ?? true,
      considerEndpoints: options.considerEndpoints ?? false,
    };
    this.multivariate = options.multivariate ?? true;
    this.constantLiar = options.constantLiar ?? true;
    this.scaledKernels = options.scaledKernels ?? true;
    this.bandwidth = options.bandwidth ?? 'neighbour';
    if (this.bandwidth !== 'neighbour' && this.bandwidth !== 'range') {
      throw new InvalidArgumentError(
        `bandwidth must be 'neighbour' or 'range', got ${String(this.bandwidth)}`,
        {
          field: 'bandwidth',
        },
      );
    }
    this.options = {
      seed: options.seed ?? null,
      nStartupTrials: this.nStartupTrials,
      nEiCandidates: this.nEiCandidates,
      gammaRatio,
      gamma: options.gamma ? 'custom' : 'default',
      weights: options.weights ? 'custom' : 'default',
      ...this.parzen,
      multivariate: this.multivariate,
      constantLiar: this.constantLiar,
      scaledKernels: this.scaledKernels,
      bandwidth: this.bandwidth,
    };
  }

  observe(trial: TrialRecord, context: SamplerContext): void {
    this.log.add(trial, context.directions);
  }

  forget(number: number): void {
    this.log.remove(number);
  }

  sampleRelative(trial: SamplingTrial, context: SamplerContext): RelativeSample {
    if (!this.multivariate || this.log.size < this.nStartupTrials) return {};
    const space = [...this.log.searchSpace()].filter(([, dist]) => !isSingleValued(dist));
    if (space.length === 0) return {};
    space.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const below = this.belowSet(context);
    const names = space.map(([name]) => name);
    const belowTrials: SamplingTrial[] = [];
    const aboveTrials: SamplingTrial[] = [];
    for (const number of this.log.numbers) {
      const obs = this.log.byNumber.get(number)!;
      if (!space.every(([name, dist]) => fits(dist, obs.params[name]))) continue;
      (below.has(number) ? belowTrials : aboveTrials).push(obs);
    }
    for (const running of this.liars(trial, context)) {
      if (space.every(([name, dist]) => fits(dist, running.params[name]))) aboveTrials.push(running);
    }
    aboveTrials.sort((a, b) => a.number - b.number);
    const l = this.multivariateMixture(space, belowTrials);
    const g = this.multivariateMixture(space, aboveTrials);
    const rng = Rng.forTrial(this.seed, trial.number, 'relative');
    const best = this.bestCandidate(l, g, space, rng);
    const sample: RelativeSample = {};
    names.forEach((name, d) => {
      sample[name] = { value: best[d]!, distribution: space[d]![1] };
    });
    return sample;
  }

  sampleIndependent(
    trial: SamplingTrial,
    name: string,
    dist: Distribution,
    context: SamplerContext,
  ): ParamValue {
    const rng = Rng.forTrial(this.seed, trial.number, name);
    if (this.log.size < this.nStartupTrials || isSingleValued(dist)) return sampleUniform(dist, rng);
    const below = this.belowSet(context);
    const liars = this.liars(trial, context).filter((t) => fits(dist, t.params[name]));
    const l =
      dist.kind === 'categorical'
        ? this.categoricalMixture(dist, name, liars, below, true)
        : this.univariateMixture(dist, name, liars, below, true);
    const g =
      dist.kind === 'categorical'
        ? this.categoricalMixture(dist, name, liars, below, false)
        : this.univariateMixture(dist, name, liars, below, false);
    return this.bestCandidate(l, g, [[name, dist]], rng)[0]!;
  }

  /** Trial numbers of the "good" group: the best gamma(n) observations (non-dominated first, if several objectives). */
  private belowSet(context: SamplerContext): Set<number> {
    if (this.belowCache?.version === this.log.version) return this.belowCache.below;
    const nBelow = this.gamma(this.log.size);
    const below = new Set<number>();
    if (context.directions.length === 1) {
      for (let i = 0; i < nBelow && i < this.log.ranked.length; i++) below.add(this.log.ranked[i]!.number);
    } else {
      // Multi-objective: whole non-dominated fronts first; the front that overflows is cut by
      // crowding distance (Optuna solves a hypervolume subset selection there).
      const numbers = this.log.numbers;
      const losses = numbers.map((n) => this.log.byNumber.get(n)!.losses);
      for (const front of nonDominatedSort(losses)) {
        if (below.size + front.length <= nBelow) {
          for (const i of front) below.add(numbers[i]!);
          continue;
        }
        const crowding = crowdingDistance(front.map((i) => losses[i]!));
        const order = front.map((_, j) => j).sort((a, b) => crowding[b]! - crowding[a]! || a - b);
        for (const j of order.slice(0, nBelow - below.size)) below.add(numbers[front[j]!]!);
        break;
      }
    }
    this.belowCache = { version: this.log.version, below };
    return below;
  }

  private liars(trial: SamplingTrial, context: SamplerContext): SamplingTrial[] {
    if (!this.constantLiar || context.directions.length > 1) return [];
    const out: SamplingTrial[] = [];
    for (const running of context.running.values()) if (running.number !== trial.number) out.push(running);
    return out;
  }

  /**
   * l(x) (`good`) or g(x) of one numeric parameter. Weights follow trial order; g's kernels come
   * from the column's value-sorted array, so no sort is needed beyond the few liars.
   */
  private univariateMixture(
    dist: NumericDistribution,
    name: string,
    liars: readonly SamplingTrial[],
    below: ReadonlySet<number>,
    good: boolean,
  ): ParzenMixture {
    if (good) return this.goodUnivariateMixture(dist, name, below);
    const column = this.log.columns.get(name);
    const member = (number: number, value: ParamValue | undefined) => !below.has(number) && fits(dist, value);
    // Trial order of the members, to weight older observations less.
    const chronological: number[] = [];
    const liarsByNumber = [...liars].sort((a, b) => a.number - b.number);
    let li = 0;
    if (column) {
      for (let i = 0; i < column.numbers.length; i++) {
        const number = column.numbers[i]!;
        while (li < liarsByNumber.length && liarsByNumber[li]!.number < number) {
          chronological.push(liarsByNumber[li++]!.number);
        }
        if (member(number, column.values[i])) chronological.push(number);
      }
    }
    while (li < liarsByNumber.length) chronological.push(liarsByNumber[li++]!.number);
    const w = this.weights(chronological.length);
    const weightOf = new Map<number, number>();
    chronological.forEach((number, r) => {
      weightOf.set(number, w[r]!);
    });
    // Value order of the members: the column's sorted array merged with the liars' values.
    const liarsByValue = liars
      .map((t) => ({ number: t.number, value: t.params[name] as number }))
      .sort((a, b) => a.value - b.value);
    const sorted = new Float64Array(chronological.length);
    const rawWeights = new Float64Array(chronological.length);
    let k = 0;
    let lv = 0;
    const push = (number: number, value: number) => {
      sorted[k] = toParzen(dist, value);
      rawWeights[k++] = weightOf.get(number)!;
    };
    if (column) {
      for (let i = 0; i < column.byValue.length; i++) {
        const value = column.byValue[i]!;
        const number = column.byValueNumbers[i]!;
        while (lv < liarsByValue.length && liarsByValue[lv]!.value < value) {
          push(liarsByValue[lv]!.number, liarsByValue[lv]!.value);
          lv++;
        }
        if (member(number, value)) push(number, value);
      }
    }
    for (; lv < liarsByValue.length; lv++) push(liarsByValue[lv]!.number, liarsByValue[lv]!.value);
    const { dim, weights } = buildUnivariateNumeric(sorted, rawWeights, parzenBounds(dist), this.parzen);
    return new ParzenMixture(weights, [dim], this.scaledKernels);
  }

  /** l(x) of one numeric parameter, from the few "good" observations directly. */
  private goodUnivariateMixture(
    dist: NumericDistribution,
    name: string,
    below: ReadonlySet<number>,
  ): ParzenMixture {
    const members: { number: number; value: number }[] = [];
    for (const number of below) {
      const value = this.log.byNumber.get(number)!.params[name];
      if (fits(dist, value)) members.push({ number, value: value as number });
    }
    members.sort((a, b) => a.number - b.number);
    const w = this.weights(members.length);
    const ranked = members
      .map((m, r) => ({ x: toParzen(dist, m.value), w: w[r]! }))
      .sort((a, b) => a.x - b.x);
    const { dim, weights } = buildUnivariateNumeric(
      Float64Array.from(ranked, (m) => m.x),
      Float64Array.from(ranked, (m) => m.w),
      parzenBounds(dist),
      this.parzen,
    );
    return new ParzenMixture(weights, [dim], this.scaledKernels);
  }

  /** l(x) (`good`) or g(x) of one categorical parameter, with weights in trial order. */
  private categoricalMixture(
    dist: Extract<Distribution, { kind: 'categorical' }>,
    name: string,
    liars: readonly SamplingTrial[],
    below: ReadonlySet<number>,
    good: boolean,
  ): ParzenMixture {
    const column = this.log.columns.get(name);
    const observed: { number: number; index: number }[] = [];
    if (column) {
      for (let i = 0; i < column.numbers.length; i++) {
        const number = column.numbers[i]!;
        if (below.has(number) !== good) continue;
        const index = choiceIndex(dist, column.values[i]!);
        if (index >= 0) observed.push({ number, index });
      }
    }
    if (!good) {
      for (const liar of liars)
        observed.push({ number: liar.number, index: choiceIndex(dist, liar.params[name]!) });
      observed.sort((a, b) => a.number - b.number);
    }
    const n = observed.length;
    const dim = buildCategorical(
      Int32Array.from(observed, (o) => o.index),
      dist.choices.length,
      this.parzen,
    );
    return new ParzenMixture(
      mixtureWeights(this.weights(n).subarray(0, n), this.parzen),
      [dim],
      this.scaledKernels,
    );
  }

  private multivariateMixture(
    space: readonly [string, Distribution][],
    trials: readonly SamplingTrial[],
  ): ParzenMixture {
    const n = trials.length;
    const sigma0 = 0.2 * Math.max(n, 1) ** (-1 / (space.length + 4));
    // Narrow continuous kernels tie each component's discrete choices to a few points, and on the
    // mixed benchmark the study then settled on a wrong category or integer: with any discrete
    // parameter in the joint space, the continuous ones keep Optuna's wider widths.
    const allContinuous = space.every(([, d]) => d.kind === 'float' && d.step === undefined);
    const bandwidth = allContinuous ? this.bandwidth : 'range';
    const dims: MixtureDimension[] = space.map(([name, dist]) => {
      if (dist.kind === 'categorical') {
        return buildCategorical(
          Int32Array.from(trials, (t) => choiceIndex(dist, t.params[name]!)),
          dist.choices.length,
          this.parzen,
        );
      }
      const observations = Float64Array.from(trials, (t) => toParzen(dist, t.params[name] as number));
      return buildMultivariateNumeric(observations, sigma0, parzenBounds(dist), this.parzen, bandwidth);
    });
    return new ParzenMixture(
      mixtureWeights(this.weights(n).subarray(0, n), this.parzen),
      dims,
      this.scaledKernels,
    );
  }

  /** Draws candidates from l, rounds them onto the parameters' grids, and returns the one maximising l/g. */
  private bestCandidate(
    l: ParzenMixture,
    g: ParzenMixture,
    space: readonly (readonly [string, Distribution])[],
    rng: Rng,
  ): ParamValue[] {
    const points = l.sample(rng, this.nEiCandidates);
    space.forEach(([, dist], d) => {
      if (dist.kind === 'categorical') return;
      const xs = points[d]!;
      for (let i = 0; i < xs.length; i++) xs[i] = toParzen(dist, fromParzen(dist, xs[i]!));
    });
    const logL = l.logPdf(points);
    const logG = g.logPdf(points);
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < logL.length; i++) {
      const score = logL[i]! - logG[i]!;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return space.map(([, dist], d) => {
      const x = points[d]![best]!;
      return dist.kind === 'categorical' ? dist.choices[x]! : fromParzen(dist, x);
    });
  }
}

/** True when a value can be modelled under `dist`: one of its choices, or a number in its range. */
function fits(dist: Distribution, value: ParamValue | undefined): boolean {
  if (value === undefined) return false;
  if (dist.kind === 'categorical') return dist.choices.some((c) => Object.is(c, value));
  return typeof value === 'number' && value >= dist.low && value <= dist.high;
}

function choiceIndex(dist: Extract<Distribution, { kind: 'categorical' }>, value: ParamValue): number {
  return dist.choices.findIndex((c) => Object.is(c, value));
}
