import { type CallContext, createToken, type HpoStudyCompletedPayload } from '@mlops/plugin-api';
import type { ParamImportance } from './importance/pedAnovaImportances.js';
import type { StudyPlots } from './report/studyPlots.js';
import type { CreateStudyOptions } from './study/createStudy.js';
import type { Objective, OptimizeOptions, Study } from './study/Study.js';
import type {
  Distribution,
  StudyDirection,
  StudyRecord,
  TrialPage,
  TrialRecord,
  TrialState,
} from './study/StudyStorage.js';

/** A sampler or pruner chosen by class name, with its constructor options (JSON). */
export interface NamedComponent<Name extends string> {
  readonly name: Name;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** What a new study is made of, in JSON terms (the shape of `POST /api/v1/hpo/studies`). */
export interface StudySpec {
  readonly name: string;
  /** One direction; `directions` for several objectives. Default `minimize`. */
  readonly direction?: StudyDirection;
  readonly directions?: readonly StudyDirection[];
  readonly sampler?: NamedComponent<'TPESampler' | 'RandomSampler' | 'GridSampler' | 'NSGAIISampler'>;
  readonly pruner?: NamedComponent<
    'NopPruner' | 'MedianPruner' | 'SuccessiveHalvingPruner' | 'HyperbandPruner'
  >;
  /** Seeds the default sampler. */
  readonly seed?: number;
  readonly userAttrs?: Record<string, unknown>;
  /** Return the existing study of that name instead of failing with AlreadyExistsError. */
  readonly loadIfExists?: boolean;
}

/** Options of in-process `Hpo.createStudy`: the library's `createStudy` options, minus the storage. */
export type HpoStudyOptions = Omit<CreateStudyOptions, 'storage'> & { readonly name: string };

/** How a trial ended, as a worker tells it over REST. */
export interface TrialEnding {
  readonly state: 'COMPLETE' | 'PRUNED' | 'FAIL';
  /** One value per objective; required for COMPLETE. */
  readonly values?: readonly number[];
}

/**
 * The hyperparameter-optimisation service: studies persisted through the `Database` port, shared
 * by every process on the same database, with trials linked to tracking runs when the tracking
 * plugin is present. The REST routes call exactly these methods. Errors: NotFoundError for an
 * unknown study (`study "<id>" does not exist`) or trial, InvalidArgumentError naming the field,
 * AlreadyExistsError for a taken study name, FailedPreconditionError for a write to a trial that
 * is not RUNNING.
 */
export interface Hpo {
  /**
   * Creates (or, with `loadIfExists`, loads) a study on the plugin's database for use in this
   * process (`study.optimize(...)`, `study.ask()`); tracking runs of its trials are written under
   * `call`. Without a sampler or pruner, the plugin's defaults are used; heartbeats and stale
   * marking follow the plugin's options unless given.
   * @throws AlreadyExistsError, InvalidArgumentError as the library's `createStudy`.
   * @example
   * const study = await hpo.createStudy({ name: 'lr-search', direction: 'minimize', seed: 1 }, call);
   * await hpo.optimize(study, (t) => train(t.suggestFloat('lr', 1e-5, 1e-1, { log: true })), { nTrials: 50 }, call);
   */
  createStudy(options: HpoStudyOptions, call: CallContext): Promise<Study>;
  /** Opens a stored study by name or id, resuming its sampler. @throws NotFoundError `study "<name>" does not exist`. */
  loadStudy(nameOrId: string, call: CallContext): Promise<Study>;
  /**
   * Runs `study.optimize` and then {@link Hpo.complete}, which emits `hpo.study.completed` with
   * the best params. An objective's error is rethrown and emits nothing.
   */
  optimize(
    study: Study,
    objective: Objective,
    options: OptimizeOptions,
    call: CallContext,
  ): Promise<HpoStudyCompletedPayload>;
  /**
   * Creates a study (or, with `loadIfExists`, returns the one of that name: `created` is false).
   * @throws AlreadyExistsError `study "<name>" already exists`; InvalidArgumentError for a bad spec.
   */
  createStudyRecord(spec: StudySpec, call: CallContext): Promise<{ study: StudyRecord; created: boolean }>;
  /** @throws NotFoundError when no study has this name or id. */
  getStudy(nameOrId: string, call: CallContext): Promise<StudyRecord>;
  /** Studies by name, `limit` at a time; pass `next` back as `after`. */
  listStudies(
    page: { after?: string; limit: number },
    call: CallContext,
  ): Promise<{ studies: StudyRecord[]; next?: string }>;
  /**
   * Starts a trial and suggests a value for each parameter of `searchSpace` (in key order) with
   * the study's sampler; marks trials without a recent heartbeat STALE first.
   */
  ask(
    studyId: string,
    searchSpace: Readonly<Record<string, Distribution>>,
    call: CallContext,
  ): Promise<TrialRecord>;
  /** Ends a RUNNING trial. @throws InvalidArgumentError when a COMPLETE trial lacks one value per objective. */
  tell(studyId: string, number: number, outcome: TrialEnding, call: CallContext): Promise<TrialRecord>;
  /** Records an intermediate value and says whether the study's pruner would stop the trial now. */
  report(studyId: string, number: number, step: number, value: number, call: CallContext): Promise<boolean>;
  /** Whether the study's pruner would stop the trial at its last reported step. */
  shouldPrune(studyId: string, number: number, call: CallContext): Promise<boolean>;
  /** Keeps a RUNNING trial from being marked STALE. */
  heartbeat(studyId: string, number: number, call: CallContext): Promise<void>;
  /** @throws NotFoundError when the trial does not exist. */
  getTrial(studyId: string, number: number, call: CallContext): Promise<TrialRecord>;
  /** Marks a trial invalid (kept, but ignored by samplers, pruners and best-trial queries) or valid again. */
  setInvalid(studyId: string, number: number, invalid: boolean, call: CallContext): Promise<TrialRecord>;
  listTrials(
    studyId: string,
    page: { after?: number; limit: number; states?: readonly TrialState[] },
    call: CallContext,
  ): Promise<TrialPage>;
  /** How many trials of the study are in each state. */
  trialCounts(studyId: string, call: CallContext): Promise<Record<TrialState, number>>;
  /** The best trial (one objective) or the Pareto front (several), valid COMPLETE trials only. */
  bestTrials(studyId: string, call: CallContext): Promise<TrialRecord[]>;
  /** PED-ANOVA parameter importances on one objective (default 0). */
  importances(
    studyId: string,
    options: { objective?: number },
    call: CallContext,
  ): Promise<ParamImportance[]>;
  /** The data of every plot of the report, on one objective (default 0) where a plot shows one. */
  plots(
    studyId: string,
    options: { objective?: number; maxTrials?: number },
    call: CallContext,
  ): Promise<StudyPlots>;
  /** The self-contained HTML report of a study. */
  renderReport(studyId: string, call: CallContext): Promise<string>;
  /** Declares the optimisation finished: emits `hpo.study.completed` with the best params and returns its payload. */
  complete(studyId: string, call: CallContext): Promise<HpoStudyCompletedPayload>;
}

/** The HPO service of the `@mlops/plugin-hpo` plugin. */
export const Hpo = createToken<Hpo>({
  id: 'hpo.hpo',
  description: 'hyperparameter optimisation studies, ask/tell, best trials, importances and reports',
});
