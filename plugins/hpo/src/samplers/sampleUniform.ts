import type { Distribution, ParamValue } from '../study/StudyStorage.js';
import type { Rng } from './Rng.js';

/**
 * A value of `dist` drawn uniformly on its natural scale: log-uniform for a log scale, every step
 * of a stepped range and every choice equally likely (Optuna's `_SearchSpaceTransform` semantics).
 */
export function sampleUniform(dist: Distribution, rng: Rng): ParamValue {
  if (dist.kind === 'categorical')
    return dist.choices[Math.min(rng.int(dist.choices.length), dist.choices.length - 1)]!;
  const { low, high } = dist;
  if (low === high) return low;
  if (dist.kind === 'int') {
    if (dist.log)
      return clamp(Math.round(Math.exp(rng.uniform(Math.log(low - 0.5), Math.log(high + 0.5)))), low, high);
    return snapToStep(rng.uniform(low - 0.5 * dist.step, high + 0.5 * dist.step), low, high, dist.step);
  }
  if (dist.log) return clamp(Math.exp(rng.uniform(Math.log(low), Math.log(high))), low, high);
  if (dist.step !== undefined)
    return snapToStep(rng.uniform(low - 0.5 * dist.step, high + 0.5 * dist.step), low, high, dist.step);
  return rng.uniform(low, high);
}

/** The point of the grid `low + k * step` nearest to `x`, within [low, high]. */
export function snapToStep(x: number, low: number, high: number, step: number): number {
  return clamp(Math.round((x - low) / step) * step + low, low, high);
}

/** `x` limited to [low, high]. */
export function clamp(x: number, low: number, high: number): number {
  return x < low ? low : x > high ? high : x;
}
