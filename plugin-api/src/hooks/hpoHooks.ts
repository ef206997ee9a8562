import type { CallContext } from '../CallContext.js';
import { defineEvent } from './defineHooks.js';

/** A best trial of a finished study: its number, parameter values and objective values. */
export interface HpoBestTrial {
  readonly number: number;
  /** Parameter values as suggested: numbers, strings, booleans or null (a categorical choice). */
  readonly params: Readonly<Record<string, number | string | boolean | null>>;
  /** One value per objective, in the study's direction order. */
  readonly values: readonly number[];
}

/** Payload of {@link HpoStudyCompleted}. */
export interface HpoStudyCompletedPayload {
  readonly studyId: string;
  readonly studyName: string;
  readonly directions: readonly ('minimize' | 'maximize')[];
  /**
   * The best parameters, ready to be written into a pipeline or run config: those of the best
   * trial for one objective; of the first trial of the Pareto front for several (see `bestTrials`).
   * Empty when no trial completed.
   */
  readonly bestParams: Readonly<Record<string, number | string | boolean | null>>;
  /** The best trial for one objective; the Pareto front, in trial order, for several. */
  readonly bestTrials: readonly HpoBestTrial[];
  /** Trials of the study by state (`COMPLETE`, `PRUNED`, `FAIL`, `STALE`, `RUNNING`, `WAITING`). */
  readonly trialCounts: Readonly<Record<string, number>>;
  /** The tracking run of the best trial (the first of the front), when trials are tracked. */
  readonly bestRunId?: string;
  readonly call: CallContext;
}

/** An optimisation finished (`optimize` returned, or a client said so over REST), with its best parameters. */
export const HpoStudyCompleted = defineEvent<HpoStudyCompletedPayload>('hpo.study.completed');
