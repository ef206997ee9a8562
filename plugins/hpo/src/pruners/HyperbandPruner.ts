import { crc32 } from 'node:zlib';
import { InvalidArgumentError } from '@mlops/plugin-api';
import type { TrialRecord } from '../study/StudyStorage.js';
import type { PrunableTrial, Pruner, PrunerContext } from './Pruner.js';
import { SuccessiveHalvingPruner } from './SuccessiveHalvingPruner.js';

/** Options of `HyperbandPruner`. */
export interface HyperbandPrunerOptions {
  /** Steps before the first rung of the most aggressive bracket. 1. */
  minResource?: number;
  /** The most steps a trial runs; 'auto' (the default): the last step of the first complete trial + 1. */
  maxResource?: number | 'auto';
  /** 3. */
  reductionFactor?: number;
  /** 0. */
  bootstrapCount?: number;
}

/**
 * Hyperband, as Optuna's `HyperbandPruner`: floor(log_rf(max/min)) + 1 successive-halving brackets
 * with growing first rungs; each trial belongs to one bracket, chosen by crc32("<study>_<number>")
 * over the brackets' budgets (so every worker agrees), and competes only with its bracket. No
 * pruning until `maxResource` is known. Unlike Optuna, TPE does not restrict its model to the
 * trial's bracket.
 *
 * @throws InvalidArgumentError naming the option when one is out of range.
 * @example new HyperbandPruner({ minResource: 1, maxResource: 81, reductionFactor: 3 })
 */
export class HyperbandPruner implements Pruner {
  readonly name = 'HyperbandPruner';
  readonly options: Readonly<Record<string, unknown>>;
  private readonly minResource: number;
  private maxResource: number | undefined;
  private readonly reductionFactor: number;
  private readonly bootstrapCount: number;
  private brackets: SuccessiveHalvingPruner[] = [];
  private budgets: number[] = [];
  private totalBudget = 0;

  constructor(options: HyperbandPrunerOptions = {}) {
    this.minResource = integerAtLeast('minResource', options.minResource ?? 1, 1);
    const maxResource = options.maxResource ?? 'auto';
    if (maxResource !== 'auto') integerAtLeast('maxResource', maxResource, this.minResource);
    this.maxResource = maxResource === 'auto' ? undefined : maxResource;
    this.reductionFactor = integerAtLeast('reductionFactor', options.reductionFactor ?? 3, 2);
    this.bootstrapCount = integerAtLeast('bootstrapCount', options.bootstrapCount ?? 0, 0);
    if (this.bootstrapCount > 0 && maxResource === 'auto') {
      throw new InvalidArgumentError("bootstrapCount > 0 needs a fixed maxResource, not 'auto'", {
        field: 'bootstrapCount',
      });
    }
    this.options = {
      minResource: this.minResource,
      maxResource,
      reductionFactor: this.reductionFactor,
      bootstrapCount: this.bootstrapCount,
    };
    if (this.maxResource !== undefined) this.initialise();
  }

  /** How many brackets there are; 0 until `maxResource` is known. */
  get bracketCount(): number {
    return this.brackets.length;
  }

  /** The bracket a trial competes in (0 = the most aggressive one). */
  bracketOf(studyName: string, trialNumber: number): number {
    let n = crc32(`${studyName}_${trialNumber}`) % this.totalBudget;
    for (let id = 0; id < this.budgets.length; id++) {
      n -= this.budgets[id]!;
      if (n < 0) return id;
    }
    return this.budgets.length - 1;
  }

  observe(trial: TrialRecord, context: PrunerContext): void {
    const last = trial.intermediate[trial.intermediate.length - 1];
    if (this.brackets.length === 0 && trial.state === 'COMPLETE' && last) {
      this.maxResource = last[0] + 1;
      this.initialise();
    }
    if (this.brackets.length === 0) return;
    this.brackets[this.bracketOf(context.studyName, trial.number)]!.observe(trial);
  }

  forget(number: number): void {
    for (const bracket of this.brackets) bracket.forget(number);
  }

  prune(trial: PrunableTrial, context: PrunerContext): boolean {
    if (this.brackets.length === 0) return false;
    return this.brackets[this.bracketOf(context.studyName, trial.number)]!.prune(trial, context);
  }

  private initialise(): void {
    const n =
      Math.floor(Math.log(this.maxResource! / this.minResource) / Math.log(this.reductionFactor) + 1e-9) + 1;
    for (let id = 0; id < n; id++) {
      const s = n - 1 - id;
      const budget = Math.ceil((n * this.reductionFactor ** s) / (s + 1));
      this.budgets.push(budget);
      this.totalBudget += budget;
      this.brackets.push(
        new SuccessiveHalvingPruner({
          minResource: this.minResource,
          reductionFactor: this.reductionFactor,
          minEarlyStoppingRate: id,
          bootstrapCount: this.bootstrapCount,
        }),
      );
    }
  }
}

function integerAtLeast(field: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${field} must be an integer >= ${min}, got ${value}`, { field });
  }
  return value;
}
