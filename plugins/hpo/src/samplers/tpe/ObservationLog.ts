import { sameDistribution } from '../../distributions/sameDistribution.js';
import type { Distribution, ParamValue, StudyDirection, TrialRecord } from '../../study/StudyStorage.js';

/** A finished trial as TPE ranks it: lower `(stepKey, score)` is better. */
export interface Observation {
  readonly number: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** -Infinity for COMPLETE; -(last step) for PRUNED (deeper is better); 1 for PRUNED with no report. */
  readonly stepKey: number;
  /** The values turned into losses (negated when maximising); NaN counts as the worst. */
  readonly losses: readonly number[];
}

/** One parameter's observed values, in trial order and (numbers only) in value order. */
export interface ParamColumn {
  readonly numbers: number[];
  readonly values: ParamValue[];
  readonly byValue: number[];
  readonly byValueNumbers: number[];
}

/**
 * TPE's incremental view of history: finished trials ranked by loss, and per parameter the
 * observed values kept sorted, updated by one insertion per finished trial.
 */
export class ObservationLog {
  /** Single-objective observations, best first (ties by trial number). */
  readonly ranked: Observation[] = [];
  /** Observation numbers in ascending order. */
  readonly numbers: number[] = [];
  readonly byNumber = new Map<number, Observation>();
  readonly columns = new Map<string, ParamColumn>();
  /** Bumped on every change, so derived results can be cached between changes. */
  version = 0;
  private intersection: Map<string, Distribution> | undefined;

  /** Adds a COMPLETE trial, or a PRUNED one in a single-objective study; ignores anything else. */
  add(trial: TrialRecord, directions: readonly StudyDirection[]): void {
    if (this.byNumber.has(trial.number)) return;
    const obs = toObservation(trial, directions);
    if (!obs) return;
    this.version++;
    this.byNumber.set(obs.number, obs);
    insertSorted(this.numbers, obs.number);
    if (directions.length === 1)
      this.ranked.splice(upperBound(this.ranked, obs, compareObservations), 0, obs);
    for (const [name, value] of Object.entries(obs.params)) {
      let column = this.columns.get(name);
      if (!column) {
        column = { numbers: [], values: [], byValue: [], byValueNumbers: [] };
        this.columns.set(name, column);
      }
      const at = upperBoundNumber(column.numbers, obs.number);
      column.numbers.splice(at, 0, obs.number);
      column.values.splice(at, 0, value);
      if (typeof value === 'number') {
        const v = upperBoundNumber(column.byValue, value);
        column.byValue.splice(v, 0, value);
        column.byValueNumbers.splice(v, 0, obs.number);
      }
    }
    if (this.intersection) this.intersect(obs.distributions);
    else this.intersection = new Map(Object.entries(obs.distributions));
  }

  /** Drops a trial (marked invalid); a no-op for one never added. */
  remove(number: number): void {
    const obs = this.byNumber.get(number);
    if (!obs) return;
    this.version++;
    this.byNumber.delete(number);
    this.numbers.splice(this.numbers.indexOf(number), 1);
    const r = this.ranked.indexOf(obs);
    if (r >= 0) this.ranked.splice(r, 1);
    for (const [name, value] of Object.entries(obs.params)) {
      const column = this.columns.get(name)!;
      const at = column.numbers.indexOf(number);
      column.numbers.splice(at, 1);
      column.values.splice(at, 1);
      if (typeof value === 'number') {
        let v = upperBoundNumber(column.byValue, value) - 1;
        while (column.byValueNumbers[v] !== number) v--;
        column.byValue.splice(v, 1);
        column.byValueNumbers.splice(v, 1);
      }
    }
    this.intersection = undefined;
    for (const n of this.numbers) {
      const distributions = this.byNumber.get(n)!.distributions;
      if (this.intersection) this.intersect(distributions);
      else this.intersection = new Map(Object.entries(distributions));
    }
  }

  /** How many observations there are. */
  get size(): number {
    return this.byNumber.size;
  }

  /** The parameters every observation has, with the same distribution (Optuna's IntersectionSearchSpace). */
  searchSpace(): ReadonlyMap<string, Distribution> {
    return this.intersection ?? new Map();
  }

  private intersect(distributions: Readonly<Record<string, Distribution>>): void {
    for (const [name, dist] of this.intersection!) {
      const other = distributions[name];
      if (!other || !sameDistribution(dist, other)) this.intersection!.delete(name);
    }
  }
}

function toObservation(trial: TrialRecord, directions: readonly StudyDirection[]): Observation | undefined {
  const signs = directions.map((d) => (d === 'maximize' ? -1 : 1));
  const base = { number: trial.number, params: trial.params, distributions: trial.distributions };
  if (trial.state === 'COMPLETE') {
    if (!trial.values || trial.values.length !== signs.length) return undefined;
    return { ...base, stepKey: Number.NEGATIVE_INFINITY, losses: trial.values.map((v, i) => signs[i]! * v) };
  }
  if (trial.state !== 'PRUNED' || signs.length !== 1) return undefined;
  const last = trial.intermediate[trial.intermediate.length - 1];
  if (!last) return { ...base, stepKey: 1, losses: [0] };
  return {
    ...base,
    stepKey: -last[0],
    losses: [Number.isNaN(last[1]) ? Number.POSITIVE_INFINITY : signs[0]! * last[1]],
  };
}

/** Orders observations as Optuna's stable argsort of (step key, loss) over trials in number order. */
function compareObservations(a: Observation, b: Observation): number {
  if (a.stepKey !== b.stepKey) return a.stepKey - b.stepKey;
  const la = Number.isNaN(a.losses[0]!) ? Number.POSITIVE_INFINITY : a.losses[0]!;
  const lb = Number.isNaN(b.losses[0]!) ? Number.POSITIVE_INFINITY : b.losses[0]!;
  if (la !== lb) return la < lb ? -1 : 1;
  return a.number - b.number;
}

function upperBound<T>(xs: readonly T[], x: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(xs[mid]!, x) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBoundNumber(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(xs: number[], x: number): void {
  xs.splice(upperBoundNumber(xs, x), 0, x);
}
