import { InvalidArgumentError } from '@mlops/plugin-api';
import { requireSample } from './requireSample.js';
import { sortedCopy } from './sortedCopy.js';
import type { Sample } from './types.js';

/** Optional weights of the observations of each sample (scipy's `u_weights`, `v_weights`). */
export interface WassersteinWeights {
  readonly u?: Sample;
  readonly v?: Sample;
}

/** Sorted values with the cumulative share of weight at and below each of them. */
interface WeightedCdf {
  readonly values: Float64Array;
  /** cumulative[i] = weight of values[0..i] / total weight; null when unweighted. */
  readonly cumulative: Float64Array | null;
}

function weightedCdf(field: string, values: Sample, weights: Sample | undefined): WeightedCdf {
  if (weights === undefined) return { values: sortedCopy(values), cumulative: null };
  requireSample(`${field}Weights`, weights, true);
  if (weights.length !== values.length) {
    throw new InvalidArgumentError(
      `${field}Weights has ${weights.length} weights for ${values.length} values of ${field}`,
      { field: `${field}Weights` },
    );
  }
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const sorted = new Float64Array(values.length);
  const cumulative = new Float64Array(values.length);
  let sum = 0;
  for (let k = 0; k < order.length; k++) {
    const w = weights[order[k]!]!;
    if (w < 0) {
      throw new InvalidArgumentError(`${field}Weights must not be negative, got ${w}`, {
        field: `${field}Weights`,
      });
    }
    sum += w;
    sorted[k] = values[order[k]!]!;
    cumulative[k] = sum;
  }
  if (!(sum > 0))
    throw new InvalidArgumentError(`${field}Weights must sum to more than 0`, { field: `${field}Weights` });
  for (let k = 0; k < cumulative.length; k++) cumulative[k]! /= sum;
  return { values: sorted, cumulative };
}

/**
 * The first Wasserstein (earth mover's) distance between two 1-D empirical distributions, as
 * `scipy.stats.wasserstein_distance(u, v, u_weights, v_weights)`: the integral of |F_u - F_v| over
 * the merged sorted values, in one pass after sorting copies. In the units of the data; Evidently's
 * drift score divides it by the reference's standard deviation.
 * @throws InvalidArgumentError naming `u`, `v`, `uWeights` or `vWeights` for an empty or
 * non-finite sample, weights of the wrong length, negative weights or a zero total weight.
 * @example wassersteinDistance([0, 1, 3], [5, 6, 8]) // 5
 */
export function wassersteinDistance(u: Sample, v: Sample, weights: WassersteinWeights = {}): number {
  requireSample('u', u, true);
  requireSample('v', v, true);
  const a = weightedCdf('u', u, weights.u);
  const b = weightedCdf('v', v, weights.v);
  const x = a.values;
  const y = b.values;
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let distance = 0;
  let previous = Math.min(x[0]!, y[0]!);
  let gap = 0;
  while (i < n1 || j < n2) {
    const next = j === n2 || (i < n1 && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    distance += gap * (next - previous);
    while (i < n1 && x[i]! <= next) i++;
    while (j < n2 && y[j]! <= next) j++;
    const fu = a.cumulative === null ? i / n1 : i === 0 ? 0 : a.cumulative[i - 1]!;
    const fv = b.cumulative === null ? j / n2 : j === 0 ? 0 : b.cumulative[j - 1]!;
    gap = Math.abs(fu - fv);
    previous = next;
  }
  return distance;
}
