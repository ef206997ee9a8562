import type { Distribution } from '../../study/StudyStorage.js';
import { clamp, snapToStep } from '../sampleUniform.js';

/** A numeric parameter's range in the space the Parzen estimator models (log for a log scale). */
export interface ParzenBounds {
  readonly low: number;
  readonly high: number;
  /** The width of one step of a discrete parameter, so densities become masses over a step. */
  readonly q: number | undefined;
}

/**
 * The modelled range of a numeric distribution: stepped and integer ranges grow by half a step on
 * each side so the end values are as likely as inner ones (Optuna's `_calculate_parzen_bounds`).
 */
export function parzenBounds(dist: Exclude<Distribution, { kind: 'categorical' }>): ParzenBounds {
  if (dist.kind === 'int') {
    if (dist.log) return { low: Math.log(dist.low - 0.5), high: Math.log(dist.high + 0.5), q: undefined };
    return { low: dist.low - 0.5 * dist.step, high: dist.high + 0.5 * dist.step, q: dist.step };
  }
  if (dist.log) return { low: Math.log(dist.low), high: Math.log(dist.high), q: undefined };
  if (dist.step !== undefined)
    return { low: dist.low - 0.5 * dist.step, high: dist.high + 0.5 * dist.step, q: dist.step };
  return { low: dist.low, high: dist.high, q: undefined };
}

/** A parameter value in the modelled space. */
export function toParzen(dist: Exclude<Distribution, { kind: 'categorical' }>, value: number): number {
  return dist.log ? Math.log(value) : value;
}

/** The parameter value of a point of the modelled space: rounded to the step and clipped to the range. */
export function fromParzen(dist: Exclude<Distribution, { kind: 'categorical' }>, x: number): number {
  if (dist.kind === 'int') {
    if (dist.log) return clamp(Math.round(Math.exp(x)), dist.low, dist.high);
    return snapToStep(x, dist.low, dist.high, dist.step);
  }
  if (dist.log) return clamp(Math.exp(x), dist.low, dist.high);
  if (dist.step !== undefined) return snapToStep(x, dist.low, dist.high, dist.step);
  return x;
}
