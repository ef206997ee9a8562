import type { Distribution } from '../study/StudyStorage.js';

/** True when two distributions describe the same space (same kind, bounds, scale, step, choices). */
export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.kind === 'categorical' || b.kind === 'categorical') {
    if (a.kind !== 'categorical' || b.kind !== 'categorical') return false;
    return (
      a.choices.length === b.choices.length && a.choices.every((choice, i) => Object.is(choice, b.choices[i]))
    );
  }
  return a.kind === b.kind && a.low === b.low && a.high === b.high && a.log === b.log && a.step === b.step;
}
