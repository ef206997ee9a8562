import type { StudyDirection } from '../study/StudyStorage.js';

/** Something with one objective value per study direction. */
export interface Scored {
  readonly number: number;
  readonly values: readonly number[];
}

/** True when `a` is at least as good as `b` on every objective and better on one. */
export function dominates(
  a: readonly number[],
  b: readonly number[],
  directions: readonly StudyDirection[],
): boolean {
  let better = false;
  for (let k = 0; k < directions.length; k++) {
    const sign = directions[k] === 'minimize' ? 1 : -1;
    const d = sign * (a[k]! - b[k]!);
    if (d > 0) return false;
    if (d < 0) better = true;
  }
  return better;
}

/**
 * Keeps a Pareto front up to date one candidate at a time, so a study's trials can be streamed
 * page by page: the cost is O(front size) per candidate, not O(trials). Candidates with a
 * non-finite value never enter. For one objective the front is the best trial (the first one on
 * a tie); for several, the non-dominated trials (equal ones all kept), in trial-number order.
 */
export class ParetoFront<T extends Scored> {
  private members: T[] = [];

  constructor(private readonly directions: readonly StudyDirection[]) {}

  add(candidate: T): void {
    if (candidate.values.length !== this.directions.length || !candidate.values.every(Number.isFinite))
      return;
    if (this.directions.length === 1) {
      const best = this.members[0];
      if (best === undefined || dominates(candidate.values, best.values, this.directions))
        this.members = [candidate];
      return;
    }
    if (this.members.some((m) => dominates(m.values, candidate.values, this.directions))) return;
    this.members = this.members.filter((m) => !dominates(candidate.values, m.values, this.directions));
    this.members.push(candidate);
  }

  /** The front, by trial number. */
  get trials(): T[] {
    return [...this.members].sort((a, b) => a.number - b.number);
  }
}
