/** Whether a study's objective is to be made small or large. */
export type StudyDirection = 'minimize' | 'maximize';

/**
 * The life of a trial: RUNNING until told, then COMPLETE, PRUNED or FAIL. STALE is a RUNNING trial
 * whose worker stopped sending heartbeats; WAITING is an enqueued trial not yet handed out.
 */
export type TrialState = 'WAITING' | 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'STALE';

/** The value of one hyperparameter: a number, or one of a categorical parameter's choices. */
export type ParamValue = number | string | boolean | null;

/** The space a parameter is drawn from, stored with each trial's value. */
export type Distribution =
  | { kind: 'float'; low: number; high: number; log: boolean; step?: number }
  | { kind: 'int'; low: number; high: number; log: boolean; step: number }
  | { kind: 'categorical'; choices: readonly ParamValue[] };

/** A study as stored: its identity, directions and the configuration it was created with. */
export interface StudyRecord {
  readonly id: string;
  readonly name: string;
  readonly directions: readonly StudyDirection[];
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** sampler/pruner names + options + seed, JSON */
  readonly config: Record<string, unknown>;
  readonly userAttrs: Record<string, unknown>;
}

/** A trial as stored. `params` hold internal values: for a categorical, the chosen choice itself. */
export interface TrialRecord {
  readonly studyId: string;
  /** 0-based, allocated by the store in order, never twice. */
  readonly number: number;
  readonly state: TrialState;
  readonly params: Record<string, ParamValue>;
  readonly distributions: Record<string, Distribution>;
  /** One value per study direction, once COMPLETE (a PRUNED trial may carry its last reported value). */
  readonly values?: readonly number[];
  /** Reported intermediate values as `[step, value]`, in step order. */
  readonly intermediate: readonly (readonly [step: number, value: number])[];
  /** Marked invalid by a user: kept in history, ignored by samplers, pruners and best-trial queries. */
  readonly invalid: boolean;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly heartbeatAt?: number;
  /** The tracking run this trial logged to, when the tracking plugin is present. */
  readonly runId?: string;
  readonly userAttrs: Record<string, unknown>;
}

/** One page of trials; `nextAfter` is the `after` of the next page, absent on the last one. */
export interface TrialPage {
  readonly trials: readonly TrialRecord[];
  readonly nextAfter?: number;
}

/** What a new trial starts with: params fixed up front (enqueued), their distributions, its run. */
export interface NewTrial {
  readonly params?: Record<string, ParamValue>;
  readonly distributions?: Record<string, Distribution>;
  readonly runId?: string;
}

/**
 * Where studies and their trials live. The in-process API works on any implementation:
 * `InMemoryStudyStorage` here, the SQL one in the plugin (SQLite or PostgreSQL, shared by workers).
 */
export interface StudyStorage {
  /** @throws AlreadyExistsError when the name is taken. */
  createStudy(init: {
    name: string;
    directions: readonly StudyDirection[];
    config: Record<string, unknown>;
    userAttrs?: Record<string, unknown>;
  }): Promise<StudyRecord>;
  findStudy(nameOrId: string): Promise<StudyRecord | undefined>;
  listStudies(page: { after?: string; limit: number }): Promise<{ studies: StudyRecord[]; next?: string }>;
  /**
   * Allocates the next trial number atomically (never twice, across processes) and stores it RUNNING,
   * with `startedAt` and `heartbeatAt` set to now.
   */
  createTrial(studyId: string, init: NewTrial): Promise<TrialRecord>;
  setParam(
    studyId: string,
    number: number,
    name: string,
    value: ParamValue,
    distribution: Distribution,
  ): Promise<void>;
  reportIntermediate(studyId: string, number: number, step: number, value: number): Promise<void>;
  /**
   * RUNNING -> COMPLETE | PRUNED | FAIL; FailedPreconditionError if the trial is not RUNNING, with the
   * message `trial <number> is <STATE>, not RUNNING` (setParam, reportIntermediate and heartbeat too).
   */
  finishTrial(
    studyId: string,
    number: number,
    state: 'COMPLETE' | 'PRUNED' | 'FAIL',
    values?: readonly number[],
  ): Promise<TrialRecord>;
  heartbeat(studyId: string, number: number): Promise<void>;
  /** Marks RUNNING trials whose heartbeat is older than `olderThan` STALE, atomically; returns their numbers. */
  markStale(studyId: string, olderThan: number): Promise<number[]>;
  setInvalid(studyId: string, number: number, invalid: boolean): Promise<void>;
  getTrial(studyId: string, number: number): Promise<TrialRecord | undefined>;
  /** Trials in number order after `after`, at most `limit`; optional state filter. Never loads all. */
  listTrials(
    studyId: string,
    page: { after?: number; limit: number; states?: readonly TrialState[] },
  ): Promise<TrialPage>;
  countTrials(studyId: string, states?: readonly TrialState[]): Promise<number>;
}
