import type { Distribution, ParamValue } from '../study/StudyStorage.js';

/** True when `value` is a value of `dist`: in bounds, on the step grid, or one of the choices. */
export function containsValue(dist: Distribution, value: ParamValue): boolean {
  if (dist.kind === 'categorical') return dist.choices.some((choice) => Object.is(choice, value));
  if (typeof value !== 'number' || !Number.isFinite(value) || value < dist.low || value > dist.high)
    return false;
  if (dist.kind === 'int') return Number.isInteger(value) && (value - dist.low) % dist.step === 0;
  if (dist.step === undefined) return true;
  const k = (value - dist.low) / dist.step;
  return Math.abs(k - Math.round(k)) < 1e-8;
}
