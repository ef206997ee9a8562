import type { Distribution } from '../study/StudyStorage.js';

/** True when `dist` holds one value only: samplers need not (and TPE cannot) model it. */
export function isSingleValued(dist: Distribution): boolean {
  if (dist.kind === 'categorical') return dist.choices.length === 1;
  if (dist.low === dist.high) return true;
  return dist.step !== undefined && !dist.log && dist.high - dist.low < dist.step;
}
