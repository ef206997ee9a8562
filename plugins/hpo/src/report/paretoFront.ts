import { dominates } from '../study/dominates.js';
import type { StudyDirection } from '../study/StudyStorage.js';

/** Something with one objective value per study direction. */
export interface Scored {
  readonly number: number;
  readonly values: readonly number[];
}

/**
 * Keeps a Pareto front up to date one candidate at a time, so a study's trials can be streamed
 * page by page: the cost is O(front size) per candidate, not O(trials). Candidates with a
 * non-finite value never enter. For one objective the front is the best trial (the first one on
 * a tie); for several, the non-dominated trials (equal ones all kept), in trial-number order.
 */
export class ParetoFront<T extends Scored> {
  private members: { readonly trial: T; readonly losses: number[] }[] = [];
  /** 1 for a minimised objective, -1 for a maximised one: values times signs are losses. */
  private readonly signs: number[];

  constructor(directions: readonly StudyDirection[]) {
    this.signs = directions.map((d) => (d === 'minimize' ? 1 : -1));
  }

  add(candidate: T): void {
    if (candidate.values.length !== this.signs.length || !candidate.values.every(Number.isFinite)) return;
    const member = { trial: candidate, losses: candidate.values.map((v, k) => this.signs[k]! * v) };
    if (this.signs.length === 1) {
      const best = this.members[0];
      if (best === undefined || dominates(member.losses, best.losses)) this.members = [member];
      return;
    }
    if (this.members.some((m) => dominates(m.losses, member.losses))) return;
    this.members = this.members.filter((m) => !dominates(member.losses, m.losses));
    this.members.push(member);
  }

  /** The front, by trial number. */
  get trials(): T[] {
    return this.members.map((m) => m.trial).sort((a, b) => a.number - b.number);
  }
}
