import type { Distribution, ParamValue, StudyDirection, TrialRecord } from '../study/StudyStorage.js';

/** What a sampler sees of a trial being sampled, or of another trial still running. */
export interface SamplingTrial {
  readonly number: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
}

/** The study around a sampling call. */
export interface SamplerContext {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  /** Trials handed out and not finished (this process's and those seen from other workers), by number. */
  readonly running: ReadonlyMap<number, SamplingTrial>;
}

/** Values a sampler chose for several parameters at once, each with the distribution it assumed. */
export type RelativeSample = Record<
  string,
  { readonly value: ParamValue; readonly distribution: Distribution }
>;

/**
 * Chooses parameter values. A sampler keeps its own state incrementally: the study feeds it each
 * finished trial once (from this process, other workers or the store on resume) through `observe`,
 * and never asks it to rescan history.
 */
export interface Sampler {
  /** The class name, as stored in the study's config (`TPESampler`). */
  readonly name: string;
  /** The options it was built with, JSON, stored in the study's config. */
  readonly options: Readonly<Record<string, unknown>>;
  /** A trial reached COMPLETE, PRUNED, FAIL or STALE (never an invalid one). Called once per trial. */
  observe(trial: TrialRecord, context: SamplerContext): void;
  /** A trial was marked invalid after it was observed: drop it from the model. */
  forget(number: number): void;
  /** Values for the parameters the sampler models jointly, chosen when the trial starts. */
  sampleRelative(trial: SamplingTrial, context: SamplerContext): RelativeSample;
  /** A value for one parameter that `sampleRelative` did not cover. */
  sampleIndependent(
    trial: SamplingTrial,
    name: string,
    distribution: Distribution,
    context: SamplerContext,
  ): ParamValue;
  /** True when the sampler has nothing left to propose (a grid that is fully covered). */
  isExhausted?(context: SamplerContext): boolean;
}
