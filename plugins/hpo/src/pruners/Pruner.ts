import type { StudyDirection, TrialRecord } from '../study/StudyStorage.js';

/** What a pruner sees of the trial it judges. */
export interface PrunableTrial {
  readonly number: number;
  /** Reported `[step, value]` pairs in step order; the last one is the step being judged. */
  readonly intermediate: readonly (readonly [step: number, value: number])[];
}

/** The study around a pruning decision. */
export interface PrunerContext {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
}

/**
 * Decides whether a running trial should stop early. Like samplers, pruners keep their own state
 * incrementally: the study feeds each finished trial once through `observe`.
 */
export interface Pruner {
  /** The class name, as stored in the study's config (`MedianPruner`). */
  readonly name: string;
  /** The options it was built with, JSON, stored in the study's config. */
  readonly options: Readonly<Record<string, unknown>>;
  /** A trial reached COMPLETE, PRUNED, FAIL or STALE (never an invalid one). Called once per trial. */
  observe(trial: TrialRecord, context: PrunerContext): void;
  /** A trial was marked invalid after it was observed. */
  forget(number: number): void;
  /** True when the trial should stop at its last reported step. */
  prune(trial: PrunableTrial, context: PrunerContext): boolean;
}
