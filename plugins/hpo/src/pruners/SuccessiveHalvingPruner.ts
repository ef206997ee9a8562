import { InvalidArgumentError } from '@mlops/plugin-api';
import type { TrialRecord } from '../study/StudyStorage.js';
import type { PrunableTrial, Pruner, PrunerContext } from './Pruner.js';

/** Options of `SuccessiveHalvingPruner`. */
export interface SuccessiveHalvingPrunerOptions {
  /**
   * Steps before the first rung. 'auto' (the default): the last step of the first complete trial
   * divided by 100, at least 1; no pruning until a trial completes.
   */
  minResource?: number | 'auto';
  /** Only the best 1/reductionFactor of the trials at a rung go on. 4. */
  reductionFactor?: number;
  /** Shifts the first rung to minResource * reductionFactor^rate. 0. */
  minEarlyStoppingRate?: number;
  /** A trial needs this many competitors at a rung to be promoted. 0. */
  bootstrapCount?: number;
}

/**
 * Asynchronous successive halving (ASHA), as Optuna's `SuccessiveHalvingPruner`: at rung r (step
 * minResource * reductionFactor^(minEarlyStoppingRate + r)) a trial goes on only if its value is in
 * the best 1/reductionFactor of all values recorded at that rung so far. Rung values are kept
 * sorted per rung. A trial judged by this process records its rung values when judged; a trial
 * finished elsewhere (another worker, or history on resume) gets them from its intermediate values:
 * the value at its first report at or after each rung's step.
 *
 * @throws InvalidArgumentError naming the option when one is out of range.
 * @example new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 4 })
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly name = 'SuccessiveHalvingPruner';
  readonly options: Readonly<Record<string, unknown>>;
  private minResource: number | undefined;
  private readonly reductionFactor: number;
  private readonly minEarlyStoppingRate: number;
  private readonly bootstrapCount: number;
  /** Per trial, its value at each rung it reached. */
  private readonly rungsOf = new Map<number, number[]>();
  /** Per rung, every recorded value, ascending (NaN never recorded: a NaN trial is pruned). */
  private readonly rungValues: number[][] = [];
  private readonly finished = new Set<number>();

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    const minResource = options.minResource ?? 'auto';
    if (minResource !== 'auto' && (!Number.isInteger(minResource) || minResource < 1)) {
      throw new InvalidArgumentError(`minResource must be 'auto' or an integer >= 1, got ${minResource}`, {
        field: 'minResource',
      });
    }
    this.minResource = minResource === 'auto' ? undefined : minResource;
    this.reductionFactor = integerAtLeast('reductionFactor', options.reductionFactor ?? 4, 2);
    this.minEarlyStoppingRate = integerAtLeast('minEarlyStoppingRate', options.minEarlyStoppingRate ?? 0, 0);
    this.bootstrapCount = integerAtLeast('bootstrapCount', options.bootstrapCount ?? 0, 0);
    if (this.bootstrapCount > 0 && minResource === 'auto') {
      throw new InvalidArgumentError("bootstrapCount > 0 needs a fixed minResource, not 'auto'", {
        field: 'bootstrapCount',
      });
    }
    this.options = {
      minResource,
      reductionFactor: this.reductionFactor,
      minEarlyStoppingRate: this.minEarlyStoppingRate,
      bootstrapCount: this.bootstrapCount,
    };
  }

  observe(trial: TrialRecord): void {
    if (this.finished.has(trial.number)) return;
    this.finished.add(trial.number);
    const last = trial.intermediate[trial.intermediate.length - 1];
    if (this.minResource === undefined && trial.state === 'COMPLETE' && last) {
      this.minResource = Math.max(Math.floor(last[0] / 100), 1);
    }
    if (this.minResource === undefined || this.rungsOf.has(trial.number)) return;
    for (let rung = 0; ; rung++) {
      const promotionStep = this.promotionStep(rung);
      const at = trial.intermediate.find(([step]) => step >= promotionStep);
      if (!at || Number.isNaN(at[1])) return;
      this.record(trial.number, rung, at[1]);
    }
  }

  forget(number: number): void {
    const rungs = this.rungsOf.get(number);
    if (!rungs) return;
    this.rungsOf.delete(number);
    rungs.forEach((value, rung) => {
      const values = this.rungValues[rung]!;
      values.splice(upperBound(values, value) - 1, 1);
    });
  }

  prune(trial: PrunableTrial, context: PrunerContext): boolean {
    const last = trial.intermediate[trial.intermediate.length - 1];
    if (!last || this.minResource === undefined) return false;
    const [step, value] = last;
    const maximize = context.directions[0] === 'maximize';
    for (let rung = this.rungsOf.get(trial.number)?.length ?? 0; ; rung++) {
      if (step < this.promotionStep(rung)) return false;
      if (Number.isNaN(value)) return true;
      this.record(trial.number, rung, value);
      const competing = this.rungValues[rung]!;
      if (competing.length <= this.bootstrapCount) return true;
      if (!promotable(value, competing, this.reductionFactor, maximize)) return true;
    }
  }

  private promotionStep(rung: number): number {
    return this.minResource! * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
  }

  private record(number: number, rung: number, value: number): void {
    let rungs = this.rungsOf.get(number);
    if (!rungs) {
      rungs = [];
      this.rungsOf.set(number, rungs);
    }
    rungs[rung] = value;
    while (this.rungValues.length <= rung) this.rungValues.push([]);
    const values = this.rungValues[rung]!;
    values.splice(upperBound(values, value), 0, value);
  }
}

/** In the best 1/reductionFactor of the (ascending) competing values, or the best one when fewer. */
function promotable(
  value: number,
  competing: readonly number[],
  reductionFactor: number,
  maximize: boolean,
): boolean {
  let index = Math.floor(competing.length / reductionFactor) - 1;
  if (index === -1) index = 0;
  return maximize ? value >= competing[competing.length - 1 - index]! : value <= competing[index]!;
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

function integerAtLeast(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${field} must be an integer >= ${min}, got ${value}`, { field });
  }
  return value;
}
