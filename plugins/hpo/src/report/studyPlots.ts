import { InvalidArgumentError } from '@mlops/plugin-api';
import { type ParamImportance, pedAnovaImportances } from '../importance/pedAnovaImportances.js';
import type {
  Distribution,
  ParamValue,
  StudyDirection,
  StudyRecord,
  StudyStorage,
  TrialState,
} from '../study/StudyStorage.js';
import { forEachCompletedTrial } from './loadCompletedTrials.js';
import { ParetoFront } from './paretoFront.js';

/** A COMPLETE, valid trial with finite values, as the plots use it. */
export interface PlotTrial {
  readonly number: number;
  readonly values: readonly number[];
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** A parameter of the study: its name and the distribution of its latest trial. */
export interface PlotParam {
  readonly name: string;
  readonly distribution: Distribution;
}

/** Optimisation history: each trial's values and the best value so far per objective. */
export interface OptimizationHistory {
  readonly directions: readonly StudyDirection[];
  readonly points: readonly {
    readonly number: number;
    readonly values: readonly number[];
    readonly best: readonly number[];
  }[];
}

/** Parallel coordinates: one axis per parameter, one line per trial, coloured by `objective`. */
export interface ParallelCoordinates {
  readonly objective: number;
  readonly params: readonly PlotParam[];
  readonly lines: readonly {
    readonly number: number;
    readonly value: number;
    readonly params: Readonly<Record<string, ParamValue>>;
  }[];
}

/** Slice plots: the objective against each parameter alone. */
export interface Slices {
  readonly objective: number;
  readonly slices: readonly (PlotParam & {
    readonly points: readonly { readonly number: number; readonly x: ParamValue; readonly y: number }[];
  })[];
}

/** The Pareto front among all plotted trials (multi-objective studies). */
export interface ParetoFrontPlot {
  readonly directions: readonly StudyDirection[];
  /** Trial numbers on the front. */
  readonly front: readonly number[];
  readonly points: readonly { readonly number: number; readonly values: readonly number[] }[];
}

/** Everything a study report draws. */
export interface StudyPlots {
  readonly study: {
    readonly id: string;
    readonly name: string;
    readonly directions: readonly StudyDirection[];
  };
  /** Trials by state. */
  readonly counts: Readonly<Record<TrialState, number>>;
  /** True when the study has more COMPLETE trials than were plotted. */
  readonly truncated: boolean;
  readonly history: OptimizationHistory;
  readonly parallelCoordinates: ParallelCoordinates;
  readonly slices: Slices;
  readonly importances: readonly ParamImportance[];
  /** Absent for single-objective studies. */
  readonly paretoFront?: ParetoFrontPlot;
}

/** The plotted trials of a study and its parameters, read once for every plot. */
export interface PlotInput {
  readonly study: StudyRecord;
  readonly trials: readonly PlotTrial[];
  readonly params: readonly PlotParam[];
  readonly truncated: boolean;
}

/** Default and largest number of COMPLETE trials a plot reads. */
export const plotTrialLimit = { default: 10_000, max: 100_000 } as const;

/**
 * Reads up to `maxTrials` valid COMPLETE trials of `study` (in number order) with finite values.
 * @throws NotFoundError when the study does not exist.
 */
export async function readPlotInput(
  storage: StudyStorage,
  study: StudyRecord,
  maxTrials: number = plotTrialLimit.default,
): Promise<PlotInput> {
  const trials: PlotTrial[] = [];
  const params = new Map<string, Distribution>();
  const truncated = await forEachCompletedTrial(
    storage,
    study.id,
    (trial) => {
      const values = trial.values ?? [];
      if (values.length !== study.directions.length || !values.every(Number.isFinite)) return;
      trials.push({ number: trial.number, values, params: trial.params });
      for (const [name, distribution] of Object.entries(trial.distributions)) params.set(name, distribution);
    },
    maxTrials,
  );
  const sorted = [...params.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, distribution]) => ({ name, distribution }));
  return { study, trials, params: sorted, truncated };
}

/** @throws InvalidArgumentError when `objective` is not an index of the study's directions. */
export function checkObjective(study: StudyRecord, objective: number): void {
  if (!Number.isInteger(objective) || objective < 0 || objective >= study.directions.length) {
    throw new InvalidArgumentError(
      `objective must be an integer from 0 to ${study.directions.length - 1}, got ${objective}`,
      { field: 'objective' },
    );
  }
}

/** The optimisation history: values per trial and the best so far per objective. */
export function optimizationHistory(input: PlotInput): OptimizationHistory {
  const directions = input.study.directions;
  let best: number[] | undefined;
  const points = input.trials.map((t) => {
    best = t.values.map((v, k) => {
      const previous = best?.[k];
      if (previous === undefined) return v;
      return directions[k] === 'minimize' ? Math.min(previous, v) : Math.max(previous, v);
    });
    return { number: t.number, values: t.values, best };
  });
  return { directions, points };
}

/** Parallel coordinates of the trials on `objective`. */
export function parallelCoordinates(input: PlotInput, objective = 0): ParallelCoordinates {
  checkObjective(input.study, objective);
  return {
    objective,
    params: input.params,
    lines: input.trials.map((t) => ({ number: t.number, value: t.values[objective]!, params: t.params })),
  };
}

/** One slice per parameter: (param value, objective value) for each trial that has it. */
export function slices(input: PlotInput, objective = 0): Slices {
  checkObjective(input.study, objective);
  return {
    objective,
    slices: input.params.map((p) => ({
      ...p,
      points: input.trials
        .filter((t) => p.name in t.params)
        .map((t) => ({ number: t.number, x: t.params[p.name]!, y: t.values[objective]! })),
    })),
  };
}

/** The Pareto front of the plotted trials. */
export function paretoFrontPlot(input: PlotInput): ParetoFrontPlot {
  const front = new ParetoFront<PlotTrial>(input.study.directions);
  for (const t of input.trials) front.add(t);
  return {
    directions: input.study.directions,
    front: front.trials.map((t) => t.number),
    points: input.trials.map((t) => ({ number: t.number, values: t.values })),
  };
}

/** PED-ANOVA importances of the parameters on `objective` (see {@link pedAnovaImportances}). */
export function importances(input: PlotInput, objective = 0): ParamImportance[] {
  checkObjective(input.study, objective);
  const distributions = Object.fromEntries(input.params.map((p) => [p.name, p.distribution]));
  return pedAnovaImportances(
    input.trials.map((t) => ({ params: t.params, distributions, value: t.values[objective]! })),
    { direction: input.study.directions[objective]! },
  );
}

/** Counts of a study's trials in every state. */
export async function countByState(
  storage: StudyStorage,
  studyId: string,
): Promise<Record<TrialState, number>> {
  const states: TrialState[] = ['WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'STALE'];
  const counts = await Promise.all(states.map((s) => storage.countTrials(studyId, [s])));
  return Object.fromEntries(states.map((s, i) => [s, counts[i]!])) as Record<TrialState, number>;
}

/**
 * Every plot of a study report, on `objective` (default 0) where a plot shows one objective.
 * @throws InvalidArgumentError for an objective the study does not have; NotFoundError for an unknown study.
 */
export async function studyPlots(
  storage: StudyStorage,
  study: StudyRecord,
  options: { objective?: number; maxTrials?: number } = {},
): Promise<StudyPlots> {
  const objective = options.objective ?? 0;
  checkObjective(study, objective);
  const input = await readPlotInput(storage, study, options.maxTrials);
  return {
    study: { id: study.id, name: study.name, directions: study.directions },
    counts: await countByState(storage, study.id),
    truncated: input.truncated,
    history: optimizationHistory(input),
    parallelCoordinates: parallelCoordinates(input, objective),
    slices: slices(input, objective),
    importances: importances(input, objective),
    ...(study.directions.length > 1 ? { paretoFront: paretoFrontPlot(input) } : {}),
  };
}
