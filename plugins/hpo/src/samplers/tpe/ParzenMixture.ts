import type { Rng } from '../Rng.js';
import { logGaussMass, sampleTruncatedNormal } from './truncatedNormal.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** One numeric dimension of a mixture: a truncated normal per component. */
export interface NumericComponents {
  readonly kind: 'numeric';
  readonly low: number;
  readonly high: number;
  readonly q: number | undefined;
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
}

/**
 * One categorical dimension: component k puts `base` on every choice plus 1 on its observed choice
 * (`observed[k]`, -1 for the prior, which is uniform), normalised (Optuna's categorical kernel).
 */
export interface CategoricalComponents {
  readonly kind: 'categorical';
  readonly nChoices: number;
  readonly observed: Int32Array;
  readonly base: number;
}

/** A dimension of a `ParzenMixture`. */
export type MixtureDimension = NumericComponents | CategoricalComponents;

/**
 * A weighted mixture of product kernels over one or more parameters: TPE's l(x) and g(x). Values
 * live in the modelled space (log for log scales, choice indices for categoricals).
 */
export class ParzenMixture {
  private readonly logWeights: Float64Array;
  /**
   * Per numeric dimension and component, log of the kernel's mass inside the range, plus log(sigma)
   * for a continuous dimension: the constant part of each component's log density.
   */
  private readonly offsets: (Float64Array | undefined)[];
  private readonly invSigmas: (Float64Array | undefined)[];

  /**
   * @param weights - component weights, summing to 1.
   * @param dims - the components of each dimension.
   * @param scaleDensity - divide each continuous kernel's density by its bandwidth (a true density).
   *   Optuna up to 3.4 leaves the bandwidth out, which favours wide, isolated kernels; see `TPESampler`.
   */
  constructor(
    readonly weights: Float64Array,
    readonly dims: readonly MixtureDimension[],
    scaleDensity = true,
  ) {
    this.logWeights = weights.map(Math.log);
    this.invSigmas = dims.map((dim) => (dim.kind === 'numeric' ? dim.sigmas.map((s) => 1 / s) : undefined));
    this.offsets = dims.map((dim) => {
      if (dim.kind !== 'numeric') return undefined;
      const offsets = new Float64Array(weights.length);
      for (let k = 0; k < weights.length; k++) {
        const mu = dim.mus[k]!;
        const sigma = dim.sigmas[k]!;
        offsets[k] =
          (dim.q === undefined && scaleDensity ? Math.log(sigma) : 0) +
          logGaussMass((dim.low - mu) / sigma, (dim.high - mu) / sigma);
      }
      return offsets;
    });
  }

  /** `count` draws, one array per dimension. */
  sample(rng: Rng, count: number): Float64Array[] {
    const out = this.dims.map(() => new Float64Array(count));
    let total = 0;
    for (const w of this.weights) total += w;
    for (let i = 0; i < count; i++) {
      const k = rng.choice(this.weights, total);
      this.dims.forEach((dim, d) => {
        out[d]![i] = dim.kind === 'numeric' ? sampleNumeric(dim, k, rng) : sampleCategorical(dim, k, rng);
      });
    }
    return out;
  }

  /** log density (log mass for discrete dimensions) of each point; `points[d][i]` is dimension d of point i. */
  logPdf(points: readonly Float64Array[]): Float64Array {
    const count = points[0]?.length ?? 0;
    const n = this.weights.length;
    const out = new Float64Array(count);
    const acc = new Float64Array(n);
    const logWeights = this.logWeights;
    for (let i = 0; i < count; i++) {
      acc.set(logWeights);
      for (let d = 0; d < this.dims.length; d++) {
        const dim = this.dims[d]!;
        const x = points[d]![i]!;
        if (dim.kind === 'categorical') addCategorical(dim, x, acc);
        else if (dim.q === undefined) addContinuous(dim.mus, this.invSigmas[d]!, this.offsets[d]!, x, acc);
        else addDiscrete(dim, this.offsets[d]!, x, acc);
      }
      out[i] = logSumExp(acc);
    }
    return out;
  }
}

function sampleNumeric(dim: NumericComponents, k: number, rng: Rng): number {
  return sampleTruncatedNormal(rng, dim.mus[k]!, dim.sigmas[k]!, dim.low, dim.high);
}

function sampleCategorical(dim: CategoricalComponents, k: number, rng: Rng): number {
  const observed = dim.observed[k]!;
  if (observed < 0) return Math.min(rng.int(dim.nChoices), dim.nChoices - 1);
  const r = rng.next() * (dim.nChoices * dim.base + 1);
  return r < 1 ? observed : Math.min(Math.floor((r - 1) / dim.base), dim.nChoices - 1);
}

function addContinuous(
  mus: Float64Array,
  invSigmas: Float64Array,
  offsets: Float64Array,
  x: number,
  acc: Float64Array,
): void {
  for (let k = 0; k < acc.length; k++) {
    const z = (x - mus[k]!) * invSigmas[k]!;
    acc[k]! += -0.5 * z * z - LOG_SQRT_2PI - offsets[k]!;
  }
}

function addDiscrete(dim: NumericComponents, logMasses: Float64Array, x: number, acc: Float64Array): void {
  const { mus, sigmas } = dim;
  const q = dim.q!;
  const upper = Math.min(x + q / 2, dim.high);
  const lower = Math.max(x - q / 2, dim.low);
  for (let k = 0; k < acc.length; k++) {
    const mu = mus[k]!;
    const sigma = sigmas[k]!;
    acc[k]! += logGaussMass((lower - mu) / sigma, (upper - mu) / sigma) - logMasses[k]!;
  }
}

function addCategorical(dim: CategoricalComponents, x: number, acc: Float64Array): void {
  const observedMass = Math.log((dim.base + 1) / (dim.nChoices * dim.base + 1));
  const otherMass = Math.log(dim.base / (dim.nChoices * dim.base + 1));
  const priorMass = -Math.log(dim.nChoices);
  for (let k = 0; k < acc.length; k++) {
    const observed = dim.observed[k]!;
    acc[k]! += observed < 0 ? priorMass : observed === x ? observedMass : otherMass;
  }
}

function logSumExp(xs: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < xs.length; k++) if (xs[k]! > max) max = xs[k]!;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let k = 0; k < xs.length; k++) {
    const d = xs[k]! - max;
    // exp(-40) < 5e-18: such a term cannot change a sum that holds a 1, so skip the costly exp.
    if (d > -40) sum += Math.exp(d);
  }
  return max + Math.log(sum);
}
