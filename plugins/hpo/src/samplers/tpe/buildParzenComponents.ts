import type { CategoricalComponents, NumericComponents } from './ParzenMixture.js';
import type { ParzenBounds } from './parzenSpace.js';

const EPS = 1e-12;

/** The kernel settings of TPE that shape each component. */
export interface ParzenOptions {
  readonly priorWeight: number;
  readonly considerPrior: boolean;
  readonly considerMagicClip: boolean;
  readonly considerEndpoints: boolean;
}

/**
 * Univariate numeric components from observations sorted by value (in the modelled space), with
 * their raw weights. The prior (centred, as wide as the range) joins at its sorted place; each
 * bandwidth is the larger gap to a neighbour, clipped as Optuna's "magic clip". Returns the
 * components and the normalised weights in the same (sorted) order.
 */
export function buildUnivariateNumeric(
  sorted: Float64Array,
  rawWeights: Float64Array,
  bounds: ParzenBounds,
  options: ParzenOptions,
): { dim: NumericComponents; weights: Float64Array } {
  const { low, high } = bounds;
  const withPrior = options.considerPrior || sorted.length === 0;
  const size = sorted.length + (withPrior ? 1 : 0);
  const mus = new Float64Array(size);
  const weights = new Float64Array(size);
  const priorMu = 0.5 * (low + high);
  let priorAt = -1;
  for (let i = 0, j = 0; j < size; j++) {
    if (withPrior && priorAt < 0 && (i === sorted.length || priorMu <= sorted[i]!)) {
      priorAt = j;
      mus[j] = priorMu;
      weights[j] = options.priorWeight;
    } else {
      mus[j] = sorted[i]!;
      weights[j] = rawWeights[i]!;
      i++;
    }
  }
  const sigmas = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const left = mus[j]! - (j === 0 ? low : mus[j - 1]!);
    const right = (j === size - 1 ? high : mus[j + 1]!) - mus[j]!;
    sigmas[j] = Math.max(left, right);
  }
  if (!options.considerEndpoints && size >= 2) {
    sigmas[0] = mus[1]! - mus[0]!;
    sigmas[size - 1] = mus[size - 1]! - mus[size - 2]!;
  }
  clipSigmas(sigmas, bounds, options);
  if (priorAt >= 0) sigmas[priorAt] = high - low;
  return { dim: { kind: 'numeric', low, high, q: bounds.q, mus, sigmas }, weights: normalise(weights) };
}

/**
 * How multivariate kernels get their widths: `'range'` is Optuna's, `sigma0 * (high - low)` by
 * Scott's rule with the range standing in for the spread (sigma0 = 0.2 n^(-1/(d+4))); `'neighbour'`
 * gives each kernel, per dimension, the univariate rule's width (the larger gap to a neighbour), so
 * kernels narrow where good points cluster. `TPESampler` uses `'neighbour'` only when every jointly
 * modelled parameter is a continuous float, and `'range'` otherwise.
 */
export type MultivariateBandwidth = 'range' | 'neighbour';

/**
 * Multivariate numeric components from observations in trial order, with widths as `bandwidth`
 * says, clipped; the prior comes last.
 */
export function buildMultivariateNumeric(
  observations: Float64Array,
  sigma0: number,
  bounds: ParzenBounds,
  options: ParzenOptions,
  bandwidth: MultivariateBandwidth = 'range',
): NumericComponents {
  const { low, high } = bounds;
  const withPrior = options.considerPrior || observations.length === 0;
  const size = observations.length + (withPrior ? 1 : 0);
  const mus = new Float64Array(size);
  mus.set(observations);
  if (withPrior) mus[size - 1] = 0.5 * (low + high);
  const sigmas =
    bandwidth === 'neighbour' && bounds.q === undefined
      ? neighbourSigmas(mus, bounds, options)
      : new Float64Array(size).fill(sigma0 * (high - low));
  clipSigmas(sigmas, bounds, options);
  if (withPrior) sigmas[size - 1] = high - low;
  return { kind: 'numeric', low, high, q: bounds.q, mus, sigmas };
}

/** The univariate width rule for kernels in any order: the larger gap to a neighbour in value order. */
function neighbourSigmas(mus: Float64Array, bounds: ParzenBounds, options: ParzenOptions): Float64Array {
  const size = mus.length;
  const order = Array.from({ length: size }, (_, j) => j).sort((a, b) => mus[a]! - mus[b]! || a - b);
  const sigmas = new Float64Array(size);
  for (let r = 0; r < size; r++) {
    const mu = mus[order[r]!]!;
    const left = mu - (r === 0 ? bounds.low : mus[order[r - 1]!]!);
    const right = (r === size - 1 ? bounds.high : mus[order[r + 1]!]!) - mu;
    sigmas[order[r]!] = Math.max(left, right);
  }
  if (!options.considerEndpoints && size >= 2) {
    sigmas[order[0]!] = mus[order[1]!]! - mus[order[0]!]!;
    sigmas[order[size - 1]!] = mus[order[size - 1]!]! - mus[order[size - 2]!]!;
  }
  return sigmas;
}

/** Categorical components from observed choice indices in trial order; the prior comes last. */
export function buildCategorical(
  observed: Int32Array,
  nChoices: number,
  options: ParzenOptions,
): CategoricalComponents {
  const withPrior = options.considerPrior || observed.length === 0;
  const size = observed.length + (withPrior ? 1 : 0);
  const all = new Int32Array(size).fill(-1);
  all.set(observed);
  const base = options.priorWeight / (withPrior ? observed.length + 1 : observed.length);
  return { kind: 'categorical', nChoices, observed: all, base };
}

/** Observation weights followed by the prior's (when there is one), normalised to sum 1. */
export function mixtureWeights(rawWeights: Float64Array, options: ParzenOptions): Float64Array {
  const withPrior = options.considerPrior || rawWeights.length === 0;
  const weights = new Float64Array(rawWeights.length + (withPrior ? 1 : 0));
  weights.set(rawWeights);
  if (withPrior) weights[rawWeights.length] = options.priorWeight;
  return normalise(weights);
}

function clipSigmas(sigmas: Float64Array, bounds: ParzenBounds, options: ParzenOptions): void {
  const range = bounds.high - bounds.low;
  const min = options.considerMagicClip ? range / Math.min(100, 1 + sigmas.length) : EPS;
  for (let j = 0; j < sigmas.length; j++) sigmas[j] = Math.min(Math.max(sigmas[j]!, min), range);
}

function normalise(weights: Float64Array): Float64Array {
  let sum = 0;
  for (const w of weights) sum += w;
  for (let j = 0; j < weights.length; j++) weights[j]! /= sum;
  return weights;
}
