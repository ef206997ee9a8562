import { FailedPreconditionError, InvalidArgumentError } from '@mlops/plugin-api';
import { categoricalDistribution } from '../distributions/categoricalDistribution.js';
import { containsValue } from '../distributions/containsValue.js';
import { type FloatOptions, floatDistribution } from '../distributions/floatDistribution.js';
import { type IntOptions, intDistribution } from '../distributions/intDistribution.js';
import { isSingleValued } from '../distributions/isSingleValued.js';
import { sameDistribution } from '../distributions/sameDistribution.js';
import type { RelativeSample, SamplingTrial } from '../samplers/Sampler.js';
import type { Distribution, ParamValue } from './StudyStorage.js';

/** What a trial needs from its study: sampling, pruning, and the store behind them. */
export interface TrialHost {
  readonly isMultiObjective: boolean;
  sampleIndependent(trial: Trial, name: string, distribution: Distribution): ParamValue;
  prune(trial: Trial): boolean;
  persistParam(number: number, name: string, value: ParamValue, distribution: Distribution): Promise<void>;
  persistReport(number: number, step: number, value: number): Promise<void>;
}

/**
 * One evaluation of the objective, handed out by `study.ask()`: suggest parameters, report
 * intermediate values, ask whether to stop, then `study.tell(trial, value)`. Suggestions and
 * reports are synchronous, as in Optuna; their writes to the store run in order behind them and
 * `tell` waits for them (and fails if one failed).
 */
export class Trial implements SamplingTrial {
  private readonly paramValues: Record<string, ParamValue> = {};
  private readonly paramDistributions: Record<string, Distribution> = {};
  private readonly reports: [number, number][] = [];
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown;
  private finished = false;

  /** @internal Created by `Study.ask`. */
  constructor(
    /** The trial's number in its study, from 0. */
    readonly number: number,
    private readonly host: TrialHost,
    private readonly fixed: Readonly<Record<string, ParamValue>>,
    private readonly relative: RelativeSample,
  ) {}

  /** The values suggested so far, by name. */
  get params(): Readonly<Record<string, ParamValue>> {
    return this.paramValues;
  }

  /** The distribution of each parameter suggested so far. */
  get distributions(): Readonly<Record<string, Distribution>> {
    return this.paramDistributions;
  }

  /** Reported `[step, value]` pairs, in step order. */
  get intermediate(): readonly (readonly [number, number])[] {
    return this.reports;
  }

  /**
   * A float in [low, high], on a log scale or a step grid if asked. The same name with the same
   * range returns the same value again.
   *
   * @throws InvalidArgumentError naming the parameter on a bad range or a different range for a name already used.
   * @example const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
   */
  suggestFloat(name: string, low: number, high: number, options: FloatOptions = {}): number {
    return this.suggest(name, floatDistribution(name, low, high, options)) as number;
  }

  /**
   * An integer in [low, high], on a log scale or every `step` if asked.
   *
   * @throws InvalidArgumentError naming the parameter on a bad range or a different range for a name already used.
   * @example const layers = trial.suggestInt('layers', 1, 8);
   */
  suggestInt(name: string, low: number, high: number, options: IntOptions = {}): number {
    return this.suggest(name, intDistribution(name, low, high, options)) as number;
  }

  /**
   * One of `choices` (numbers, strings, booleans or null).
   *
   * @throws InvalidArgumentError naming the parameter on bad choices or other choices for a name already used.
   * @example const kernel = trial.suggestCategorical('kernel', ['rbf', 'linear']);
   */
  suggestCategorical<T extends ParamValue>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categoricalDistribution(name, choices)) as T;
  }

  /**
   * Records the objective's value at `step` (an epoch, a number of samples), for pruners and plots.
   * A second report for the same step is ignored, as in Optuna.
   *
   * @throws InvalidArgumentError when step is not a non-negative integer or value is not a number;
   *   FailedPreconditionError in a multi-objective study or after the trial was told.
   */
  report(value: number, step: number): void {
    this.assertRunning();
    if (this.host.isMultiObjective) {
      throw new FailedPreconditionError('report is not supported in a multi-objective study', {
        field: 'value',
      });
    }
    if (!Number.isInteger(step) || step < 0) {
      throw new InvalidArgumentError(`step must be a non-negative integer, got ${step}`, { field: 'step' });
    }
    if (typeof value !== 'number') {
      throw new InvalidArgumentError(`value must be a number, got ${typeof value}`, { field: 'value' });
    }
    let at = this.reports.length;
    while (at > 0 && this.reports[at - 1]![0] >= step) at--;
    if (this.reports[at]?.[0] === step) return;
    this.reports.splice(at, 0, [step, value]);
    this.enqueue(() => this.host.persistReport(this.number, step, value));
  }

  /**
   * True when the study's pruner judges that the trial should stop at its last reported step;
   * the objective then throws `TrialPruned`.
   *
   * @throws FailedPreconditionError in a multi-objective study or after the trial was told.
   */
  shouldPrune(): boolean {
    this.assertRunning();
    if (this.host.isMultiObjective) {
      throw new FailedPreconditionError('shouldPrune is not supported in a multi-objective study', {
        field: 'trial',
      });
    }
    return this.host.prune(this);
  }

  /** @internal Waits for this trial's writes to the store; rethrows the first that failed. */
  async settle(): Promise<void> {
    await this.writes;
    if (this.writeError !== undefined) throw this.writeError;
  }

  /** @internal Called by the study once the trial is finished in the store. */
  markFinished(): void {
    this.finished = true;
  }

  private suggest(name: string, dist: Distribution): ParamValue {
    this.assertRunning();
    const existing = this.paramDistributions[name];
    if (existing) {
      if (!sameDistribution(existing, dist)) {
        throw new InvalidArgumentError(
          `parameter "${name}" was already suggested in trial ${this.number} with another distribution`,
          { field: name },
        );
      }
      return this.paramValues[name]!;
    }
    let value: ParamValue;
    if (name in this.fixed) {
      value = this.fixed[name]!;
      if (!containsValue(dist, value)) {
        throw new InvalidArgumentError(
          `enqueued value ${JSON.stringify(value)} of "${name}" is outside its distribution`,
          { field: name },
        );
      }
    } else if (isSingleValued(dist)) {
      value = dist.kind === 'categorical' ? dist.choices[0]! : dist.low;
    } else {
      const relative = this.relative[name];
      value =
        relative && sameDistribution(relative.distribution, dist)
          ? relative.value
          : this.host.sampleIndependent(this, name, dist);
    }
    this.paramValues[name] = value;
    this.paramDistributions[name] = dist;
    this.enqueue(() => this.host.persistParam(this.number, name, value, dist));
    return value;
  }

  private enqueue(write: () => Promise<void>): void {
    this.writes = this.writes
      .then(async () => {
        if (this.writeError === undefined) await write();
      })
      .catch((error: unknown) => {
        this.writeError ??= error;
      });
  }

  private assertRunning(): void {
    if (this.finished) {
      throw new FailedPreconditionError(`trial ${this.number} is finished; ask for a new trial`, {
        field: 'trial',
      });
    }
  }
}
