import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@mlops/plugin-api';
import type { Pruner, PrunerContext } from '../pruners/Pruner.js';
import type { Sampler, SamplerContext, SamplingTrial } from '../samplers/Sampler.js';
import { dominates } from './dominates.js';
import type { ParamValue, StudyDirection, StudyRecord, StudyStorage, TrialRecord } from './StudyStorage.js';
import { Trial, type TrialHost } from './Trial.js';
import { TrialList } from './TrialList.js';
import { TrialPruned } from './TrialPruned.js';

/** What `study.tell` records: the value(s), or that the trial was pruned or failed. */
export type TrialOutcome = number | readonly number[] | 'pruned' | 'failed';

/** Options of `study.optimize`. */
export interface OptimizeOptions {
  /** Start at most this many trials (across all workers of this call). */
  nTrials?: number;
  /** Start no trial after this many milliseconds. */
  timeoutMs?: number;
  /** Trials evaluated at once (the objective may be async). 1. */
  concurrency?: number;
  /**
   * Errors thrown by the objective always mark the trial FAIL; by default the first one then
   * stops the optimisation and is rethrown (as in Optuna). `true` keeps going instead.
   */
  catchErrors?: boolean;
  /** Called after each trial is told, with its final record. */
  callbacks?: readonly ((study: Study, trial: TrialRecord) => void | Promise<void>)[];
}

/** The objective of `optimize`: a value per direction (or one number), possibly async. */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

/** Settings of a study's leases and retries, from `createStudy`. */
export interface StudyLeaseOptions {
  heartbeatIntervalMs?: number;
  staleAfterMs?: number;
  retryStale: boolean;
}

const SYNC_PAGE = 500;

/**
 * An optimisation in Optuna's ask/tell shape, over any `StudyStorage`. Best-trial queries and the
 * sampler's model reflect the trials this process has told or seen in the store at its last
 * `ask`/`tell`/`refresh`.
 */
export class Study {
  /** The study's trials in the store, paged. */
  readonly trials: TrialList;
  private readonly active = new Map<number, Trial>();
  private readonly running = new Map<number, SamplingTrial>();
  private readonly heartbeats = new Map<number, NodeJS.Timeout>();
  private readonly finalized = new Set<number>();
  private readonly complete = new Map<number, TrialRecord>();
  private readonly queue: Record<string, ParamValue>[] = [];
  private seenUpTo: number | undefined;
  private best: TrialRecord | undefined;
  private front: TrialRecord[] | undefined;
  private stopped = false;
  private readonly samplerContext: SamplerContext;
  private readonly prunerContext: PrunerContext;
  private readonly host: TrialHost;

  /** @internal Use `createStudy` or `loadStudy`. */
  constructor(
    /** The stored study. */
    readonly record: StudyRecord,
    /** Where its trials live. */
    readonly storage: StudyStorage,
    /** Chooses parameter values. */
    readonly sampler: Sampler,
    /** Stops unpromising trials. */
    readonly pruner: Pruner,
    private readonly lease: StudyLeaseOptions,
  ) {
    this.trials = new TrialList(storage, record.id);
    this.samplerContext = { studyName: record.name, directions: record.directions, running: this.running };
    this.prunerContext = { studyName: record.name, directions: record.directions };
    this.host = {
      isMultiObjective: record.directions.length > 1,
      sampleIndependent: (trial, name, dist) =>
        this.sampler.sampleIndependent(trial, name, dist, this.samplerContext),
      prune: (trial) => this.pruner.prune(trial, this.prunerContext),
      persistParam: (number, name, value, dist) =>
        this.storage.setParam(this.record.id, number, name, value, dist),
      persistReport: (number, step, value) =>
        this.storage.reportIntermediate(this.record.id, number, step, value),
    };
  }

  /** The study's name. */
  get name(): string {
    return this.record.name;
  }

  /** One direction per objective. */
  get directions(): readonly StudyDirection[] {
    return this.record.directions;
  }

  /**
   * The best COMPLETE, valid trial (the first one on a tie).
   *
   * @throws FailedPreconditionError when no trial is complete, or in a multi-objective study (use `bestTrials`).
   */
  get bestTrial(): TrialRecord {
    if (this.directions.length > 1) {
      throw new FailedPreconditionError(
        'bestTrial is not defined in a multi-objective study; use bestTrials',
        {
          field: 'bestTrial',
        },
      );
    }
    if (!this.best) {
      throw new FailedPreconditionError(`study "${this.name}" has no complete trial yet`, {
        field: 'bestTrial',
      });
    }
    return this.best;
  }

  /** The best trial's value. @throws FailedPreconditionError as `bestTrial`. */
  get bestValue(): number {
    return this.bestTrial.values![0]!;
  }

  /** The best trial's parameters. @throws FailedPreconditionError as `bestTrial`. */
  get bestParams(): Record<string, ParamValue> {
    return { ...this.bestTrial.params };
  }

  /** The Pareto front of COMPLETE, valid trials, in number order (for one objective: every trial with the best value). */
  get bestTrials(): TrialRecord[] {
    if (!this.front) {
      const signs = this.directions.map((d) => (d === 'maximize' ? -1 : 1));
      const losses = (t: TrialRecord) => t.values!.map((v, i) => signs[i]! * v);
      let front: TrialRecord[] = [];
      for (const trial of this.complete.values()) {
        const l = losses(trial);
        if (front.some((f) => dominates(losses(f), l))) continue;
        front = front.filter((f) => !dominates(l, losses(f)));
        front.push(trial);
      }
      this.front = front.sort((a, b) => a.number - b.number);
    }
    return [...this.front];
  }

  /**
   * Queues parameter values for a coming trial of this process (Optuna's `enqueue_trial`): the
   * next `ask` uses them instead of sampling those parameters.
   *
   * @throws InvalidArgumentError naming the parameter whose value is not a number, string, boolean or null.
   */
  enqueueTrial(params: Record<string, ParamValue>): void {
    for (const [name, value] of Object.entries(params)) {
      const type = typeof value;
      if (value !== null && type !== 'number' && type !== 'string' && type !== 'boolean') {
        throw new InvalidArgumentError(
          `enqueued value of "${name}" must be a number, string, boolean or null`,
          {
            field: name,
          },
        );
      }
    }
    this.queue.push({ ...params });
  }

  /**
   * Starts a trial: allocates its number in the store (never twice, across workers), marks stale
   * trials of dead workers first when leases are on, and lets the sampler choose joint values.
   *
   * @example const trial = await study.ask(); const x = trial.suggestFloat('x', -5, 5);
   */
  async ask(options: { params?: Record<string, ParamValue>; runId?: string } = {}): Promise<Trial> {
    await this.refresh();
    const fixed = options.params ?? this.queue.shift() ?? {};
    const record = await this.storage.createTrial(
      this.record.id,
      options.runId === undefined ? {} : { runId: options.runId },
    );
    const placeholder: SamplingTrial = { number: record.number, params: {}, distributions: {} };
    const relative = this.sampler.sampleRelative(placeholder, this.samplerContext);
    const trial = new Trial(record.number, this.host, fixed, relative);
    this.active.set(trial.number, trial);
    this.running.set(trial.number, trial);
    if (this.lease.heartbeatIntervalMs !== undefined) {
      const timer = setInterval(() => {
        // Best effort: a missed beat can only make the trial STALE, which `tell` then reports.
        this.storage.heartbeat(this.record.id, trial.number).catch(() => undefined);
      }, this.lease.heartbeatIntervalMs);
      timer.unref();
      this.heartbeats.set(trial.number, timer);
    }
    return trial;
  }

  /**
   * Finishes a trial: COMPLETE with its value(s), PRUNED (keeping its last reported value) or
   * FAIL. A NaN value makes the trial FAIL, as in Optuna. Returns the stored record.
   *
   * @throws InvalidArgumentError when the number of values does not match the directions;
   *   NotFoundError for an unknown trial; FailedPreconditionError when the trial is not RUNNING.
   */
  async tell(trialOrNumber: Trial | number, outcome: TrialOutcome): Promise<TrialRecord> {
    const number = typeof trialOrNumber === 'number' ? trialOrNumber : trialOrNumber.number;
    const trial = this.active.get(number);
    let state: 'COMPLETE' | 'PRUNED' | 'FAIL';
    let values: readonly number[] | undefined;
    if (outcome === 'pruned' || outcome === 'failed') {
      state = outcome === 'pruned' ? 'PRUNED' : 'FAIL';
    } else {
      values = typeof outcome === 'number' ? [outcome] : outcome;
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'number')) {
        throw new InvalidArgumentError('values must be a number or an array of numbers', { field: 'values' });
      }
      if (values.length !== this.directions.length) {
        throw new InvalidArgumentError(
          `trial ${number} needs ${this.directions.length} value(s), one per direction, got ${values.length}`,
          { field: 'values' },
        );
      }
      state = values.some(Number.isNaN) ? 'FAIL' : 'COMPLETE';
      if (state === 'FAIL') values = undefined;
    }
    if (!trial) {
      const stored = await this.storage.getTrial(this.record.id, number);
      if (!stored) throw new NotFoundError(`study "${this.name}" has no trial ${number}`, { field: 'trial' });
    }
    if (trial) await trial.settle();
    if (state === 'PRUNED' && this.directions.length === 1) {
      const reports =
        trial?.intermediate ?? (await this.storage.getTrial(this.record.id, number))!.intermediate;
      const last = reports[reports.length - 1];
      if (last) values = [last[1]];
    }
    const record = await this.storage.finishTrial(this.record.id, number, state, values);
    this.release(number);
    trial?.markFinished();
    this.ingest(record);
    return record;
  }

  /**
   * Runs the objective on new trials until `nTrials` were started, `timeoutMs` passed, the sampler
   * is exhausted, or `stop()` was called. A thrown `TrialPruned` records PRUNED; any other error
   * records FAIL (see `catchErrors`).
   *
   * @throws InvalidArgumentError on a bad option; the objective's first error unless `catchErrors`.
   * @example await study.optimize((t) => (t.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 100 });
   */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    const { nTrials, timeoutMs, concurrency = 1 } = options;
    if (nTrials !== undefined && (!Number.isInteger(nTrials) || nTrials < 0)) {
      throw new InvalidArgumentError(`nTrials must be a non-negative integer, got ${nTrials}`, {
        field: 'nTrials',
      });
    }
    if (timeoutMs !== undefined && !(timeoutMs >= 0)) {
      throw new InvalidArgumentError(`timeoutMs must be a non-negative number, got ${timeoutMs}`, {
        field: 'timeoutMs',
      });
    }
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new InvalidArgumentError(`concurrency must be a positive integer, got ${concurrency}`, {
        field: 'concurrency',
      });
    }
    if (nTrials === undefined && timeoutMs === undefined && !this.sampler.isExhausted) {
      throw new InvalidArgumentError('optimize needs nTrials or timeoutMs', { field: 'nTrials' });
    }
    const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    let started = 0;
    let failure: { error: unknown } | undefined;
    this.stopped = false;
    const more = () =>
      !this.stopped &&
      failure === undefined &&
      (nTrials === undefined || started < nTrials) &&
      Date.now() < deadline &&
      !this.sampler.isExhausted?.(this.samplerContext);
    const worker = async () => {
      while (more()) {
        started++;
        const trial = await this.ask();
        let outcome: TrialOutcome;
        try {
          const result = await objective(trial);
          outcome = validResult(result, this.directions.length) ? result : 'failed';
        } catch (error) {
          outcome = error instanceof TrialPruned ? 'pruned' : 'failed';
          if (!(error instanceof TrialPruned) && !options.catchErrors) failure ??= { error };
        }
        const record = await this.tell(trial, outcome);
        for (const callback of options.callbacks ?? []) await callback(this, record);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (failure) throw failure.error;
  }

  /** Makes a running `optimize` start no new trial. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Marks a finished trial invalid (or valid again): it stays in history, but samplers, pruners
   * and best-trial queries ignore it.
   *
   * @throws NotFoundError for an unknown trial.
   */
  async markInvalid(number: number, invalid = true): Promise<void> {
    const stored = await this.storage.getTrial(this.record.id, number);
    if (!stored) throw new NotFoundError(`study "${this.name}" has no trial ${number}`, { field: 'number' });
    await this.storage.setInvalid(this.record.id, number, invalid);
    if (invalid) {
      this.sampler.forget(number);
      this.pruner.forget(number);
      if (this.complete.delete(number)) this.recomputeBest();
    } else if (this.finalized.delete(number)) {
      this.ingest({ ...stored, invalid: false });
    }
  }

  /**
   * Reads trials that other workers created or finished since the last call (a page at a time,
   * from the highest number seen), and, when leases are on, turns dead workers' trials STALE.
   */
  async refresh(): Promise<void> {
    const id = this.record.id;
    if (this.lease.staleAfterMs !== undefined) {
      const stale = await this.storage.markStale(id, Date.now() - this.lease.staleAfterMs);
      for (const number of stale) {
        const record = await this.storage.getTrial(id, number);
        if (!record) continue;
        this.release(number);
        this.active.get(number)?.markFinished();
        this.ingest(record);
        if (this.lease.retryStale) this.queue.push({ ...record.params });
      }
    }
    for (const number of [...this.running.keys()]) {
      if (this.active.has(number)) continue;
      const record = await this.storage.getTrial(id, number);
      if (record && record.state !== 'RUNNING' && record.state !== 'WAITING') {
        this.running.delete(number);
        this.ingest(record);
      } else if (record) {
        this.running.set(number, record);
      }
    }
    for (;;) {
      const page = await this.storage.listTrials(id, { after: this.seenUpTo, limit: SYNC_PAGE });
      for (const record of page.trials) {
        this.seenUpTo = record.number;
        if (this.active.has(record.number) || this.finalized.has(record.number)) continue;
        if (record.state === 'RUNNING' || record.state === 'WAITING') this.running.set(record.number, record);
        else this.ingest(record);
      }
      if (page.nextAfter === undefined) return;
    }
  }

  /** Stops heartbeats of this process's running trials (they become STALE if never told). */
  close(): void {
    for (const timer of this.heartbeats.values()) clearInterval(timer);
    this.heartbeats.clear();
  }

  private release(number: number): void {
    this.active.delete(number);
    this.running.delete(number);
    const timer = this.heartbeats.get(number);
    if (timer) clearInterval(timer);
    this.heartbeats.delete(number);
  }

  private ingest(record: TrialRecord): void {
    if (this.finalized.has(record.number)) return;
    this.finalized.add(record.number);
    if (record.invalid) return;
    this.sampler.observe(record, this.samplerContext);
    this.pruner.observe(record, this.prunerContext);
    if (record.state !== 'COMPLETE' || !record.values) return;
    const compact = { ...record, intermediate: [] };
    this.complete.set(record.number, compact);
    this.front = undefined;
    if (this.directions.length === 1 && (!this.best || this.better(compact, this.best))) this.best = compact;
  }

  private better(a: TrialRecord, b: TrialRecord): boolean {
    const x = a.values![0]!;
    const y = b.values![0]!;
    return this.directions[0] === 'maximize'
      ? x > y || (x === y && a.number < b.number)
      : x < y || (x === y && a.number < b.number);
  }

  private recomputeBest(): void {
    this.front = undefined;
    this.best = undefined;
    if (this.directions.length !== 1) return;
    for (const trial of this.complete.values())
      if (!this.best || this.better(trial, this.best)) this.best = trial;
  }
}

function validResult(result: unknown, n: number): result is number | readonly number[] {
  if (typeof result === 'number') return n === 1;
  return Array.isArray(result) && result.length === n && result.every((v) => typeof v === 'number');
}
