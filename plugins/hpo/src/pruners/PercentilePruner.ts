import { InvalidArgumentError } from '@mlops/plugin-api';
import type { TrialRecord } from '../study/StudyStorage.js';
import type { PrunableTrial, Pruner, PrunerContext } from './Pruner.js';

/** Options of `PercentilePruner` (and `MedianPruner`, without `percentile`). */
export interface PercentilePrunerOptions {
  /** No pruning until this many trials are COMPLETE. 5. */
  nStartupTrials?: number;
  /** No pruning before this step. 0. */
  nWarmupSteps?: number;
  /** Judge only at the first report in each interval of this many steps after the warm-up. 1. */
  intervalSteps?: number;
  /** Judge a step only when at least this many complete trials reported it. 1. */
  nMinTrials?: number;
}

/**
 * Prunes a trial whose best intermediate value so far is worse than the given percentile of the
 * values complete trials reported at the same step, as Optuna's `PercentilePruner`. The values per
 * step are kept sorted as trials complete, so a decision is a binary search, not a scan.
 *
 * @throws InvalidArgumentError naming the option when one is out of range.
 * @example new PercentilePruner(25, { nWarmupSteps: 30, intervalSteps: 10 })
 */
export class PercentilePruner implements Pruner {
  readonly name: string = 'PercentilePruner';
  readonly options: Readonly<Record<string, unknown>>;
  private readonly nStartupTrials: number;
  private readonly nWarmupSteps: number;
  private readonly intervalSteps: number;
  private readonly nMinTrials: number;
  /** Per step, the values complete trials reported there, ascending (NaN left out, as nanpercentile). */
  private readonly byStep = new Map<number, number[]>();
  /** Per step, how many complete trials reported it, NaN included (they count towards nMinTrials). */
  private readonly reportedAt = new Map<number, number>();
  private readonly complete = new Map<number, TrialRecord['intermediate']>();

  constructor(
    private readonly percentile: number,
    options: PercentilePrunerOptions = {},
  ) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new InvalidArgumentError(`percentile must be between 0 and 100, got ${percentile}`, {
        field: 'percentile',
      });
    }
    this.nStartupTrials = nonNegativeInteger('nStartupTrials', options.nStartupTrials ?? 5, 0);
    this.nWarmupSteps = nonNegativeInteger('nWarmupSteps', options.nWarmupSteps ?? 0, 0);
    this.intervalSteps = nonNegativeInteger('intervalSteps', options.intervalSteps ?? 1, 1);
    this.nMinTrials = nonNegativeInteger('nMinTrials', options.nMinTrials ?? 1, 1);
    this.options = {
      percentile,
      nStartupTrials: this.nStartupTrials,
      nWarmupSteps: this.nWarmupSteps,
      intervalSteps: this.intervalSteps,
      nMinTrials: this.nMinTrials,
    };
  }

  observe(trial: TrialRecord): void {
    if (trial.state !== 'COMPLETE' || this.complete.has(trial.number)) return;
    this.complete.set(trial.number, trial.intermediate);
    for (const [step, value] of trial.intermediate) {
      this.reportedAt.set(step, (this.reportedAt.get(step) ?? 0) + 1);
      if (Number.isNaN(value)) continue;
      let values = this.byStep.get(step);
      if (!values) {
        values = [];
        this.byStep.set(step, values);
      }
      values.splice(upperBound(values, value), 0, value);
    }
  }

  forget(number: number): void {
    const intermediate = this.complete.get(number);
    if (!intermediate) return;
    this.complete.delete(number);
    for (const [step, value] of intermediate) {
      this.reportedAt.set(step, this.reportedAt.get(step)! - 1);
      if (Number.isNaN(value)) continue;
      const values = this.byStep.get(step)!;
      values.splice(upperBound(values, value) - 1, 1);
    }
  }

  prune(trial: PrunableTrial, context: PrunerContext): boolean {
    if (this.complete.size === 0 || this.complete.size < this.nStartupTrials) return false;
    const last = trial.intermediate[trial.intermediate.length - 1];
    if (!last) return false;
    const step = last[0];
    if (step < this.nWarmupSteps) return false;
    const nearestLowerPruningStep =
      Math.floor((step - this.nWarmupSteps) / this.intervalSteps) * this.intervalSteps + this.nWarmupSteps;
    const secondLastStep =
      trial.intermediate.length >= 2 ? trial.intermediate[trial.intermediate.length - 2]![0] : -1;
    if (secondLastStep >= nearestLowerPruningStep) return false;
    const maximize = context.directions[0] === 'maximize';
    let best = Number.NaN;
    for (const [, value] of trial.intermediate) {
      if (Number.isNaN(value)) continue;
      if (Number.isNaN(best) || (maximize ? value > best : value < best)) best = value;
    }
    if (Number.isNaN(best)) return true;
    if ((this.reportedAt.get(step) ?? 0) < this.nMinTrials) return false;
    const values = this.byStep.get(step);
    if (!values || values.length === 0) return false;
    const p = percentileOf(values, maximize ? 100 - this.percentile : this.percentile);
    return maximize ? best < p : best > p;
  }
}

/** numpy's default (linear) percentile of sorted values. */
function percentileOf(sorted: readonly number[], q: number): number {
  const rank = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function nonNegativeInteger(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${field} must be an integer >= ${min}, got ${value}`, { field });
  }
  return value;
}
