import {
  type CallContext,
  isMlopsError,
  NotFoundError,
  type RunStatus,
  type Tracking,
} from '@mlops/plugin-api';
import type {
  Distribution,
  NewTrial,
  ParamValue,
  StudyDirection,
  StudyRecord,
  StudyStorage,
  TrialPage,
  TrialRecord,
  TrialState,
} from '../study/StudyStorage.js';

const runStatusOf: Record<'COMPLETE' | 'PRUNED' | 'FAIL' | 'STALE', RunStatus> = {
  COMPLETE: 'FINISHED',
  PRUNED: 'KILLED',
  FAIL: 'FAILED',
  STALE: 'FAILED',
};

/** A parameter value as a tracking param (MLflow params are strings). */
function paramText(value: ParamValue): string {
  return typeof value === 'string' ? value : String(value);
}

/** The metric names of a trial's values: `value` for one objective, `values_0`, `values_1`... for several. */
function valueMetricNames(directions: readonly StudyDirection[]): string[] {
  return directions.length === 1 ? ['value'] : directions.map((_, k) => `values_${k}`);
}

/**
 * A `StudyStorage` that mirrors each trial into a tracking run, as Optuna's MLflowCallback does:
 * runs live in an experiment named after the study (created when missing), are named
 * `trial-<number>` and tagged `hpo.study_id` and `hpo.trial`; intermediate values are logged as
 * the metric `intermediate_value` at their step; a finished trial logs its params and its value
 * (`value`, or `values_<k>` for several objectives) and ends the run FINISHED (COMPLETE),
 * KILLED (PRUNED) or FAILED (FAIL, STALE). The trial is written first: it is the record of
 * truth, and a tracking error after it is thrown to the caller with the trial already stored.
 */
export class TrackedStudyStorage implements StudyStorage {
  private readonly experiments = new Map<string, Promise<string>>();
  private readonly studies = new Map<string, StudyRecord>();

  /** @param callOf the call context tracking writes run under (read at each write). */
  constructor(
    private readonly inner: StudyStorage,
    private readonly tracking: Tracking,
    private readonly callOf: () => CallContext,
  ) {}

  createStudy(init: {
    name: string;
    directions: readonly StudyDirection[];
    config: Record<string, unknown>;
    userAttrs?: Record<string, unknown>;
  }): Promise<StudyRecord> {
    return this.inner.createStudy(init);
  }

  findStudy(nameOrId: string): Promise<StudyRecord | undefined> {
    return this.inner.findStudy(nameOrId);
  }

  listStudies(page: { after?: string; limit: number }): Promise<{ studies: StudyRecord[]; next?: string }> {
    return this.inner.listStudies(page);
  }

  async createTrial(studyId: string, init: NewTrial): Promise<TrialRecord> {
    if (init.runId !== undefined) return this.inner.createTrial(studyId, init);
    const call = this.callOf();
    const study = await this.study(studyId);
    const experimentId = await this.experimentOf(study, call);
    const run = await this.tracking.createRun(
      { experimentId, tags: [{ key: 'hpo.study_id', value: study.id }] },
      call,
    );
    const runId = run.info.runId;
    const trial = await this.inner.createTrial(studyId, { ...init, runId });
    await this.tracking.updateRun(runId, { runName: `trial-${trial.number}` }, call);
    await this.tracking.logBatch(runId, { tags: [{ key: 'hpo.trial', value: String(trial.number) }] }, call);
    return trial;
  }

  setParam(
    studyId: string,
    number: number,
    name: string,
    value: ParamValue,
    distribution: Distribution,
  ): Promise<void> {
    return this.inner.setParam(studyId, number, name, value, distribution);
  }

  async reportIntermediate(studyId: string, number: number, step: number, value: number): Promise<void> {
    await this.inner.reportIntermediate(studyId, number, step, value);
    const trial = await this.inner.getTrial(studyId, number);
    if (trial?.runId === undefined) return;
    await this.tracking.logBatch(
      trial.runId,
      { metrics: [{ key: 'intermediate_value', value, step, timestamp: Date.now() }] },
      this.callOf(),
    );
  }

  async finishTrial(
    studyId: string,
    number: number,
    state: 'COMPLETE' | 'PRUNED' | 'FAIL',
    values?: readonly number[],
  ): Promise<TrialRecord> {
    const trial = await this.inner.finishTrial(studyId, number, state, values);
    if (trial.runId === undefined) return trial;
    const call = this.callOf();
    const study = await this.study(studyId);
    const now = Date.now();
    const names = valueMetricNames(study.directions);
    await this.tracking.logBatch(
      trial.runId,
      {
        params: Object.entries(trial.params).map(([key, value]) => ({ key, value: paramText(value) })),
        metrics: (trial.values ?? []).flatMap((value, k) =>
          names[k] === undefined ? [] : [{ key: names[k], value, step: 0, timestamp: now }],
        ),
      },
      call,
    );
    await this.tracking.updateRun(trial.runId, { status: runStatusOf[state], endTime: now }, call);
    return trial;
  }

  heartbeat(studyId: string, number: number): Promise<void> {
    return this.inner.heartbeat(studyId, number);
  }

  async markStale(studyId: string, olderThan: number): Promise<number[]> {
    const stale = await this.inner.markStale(studyId, olderThan);
    const call = this.callOf();
    for (const number of stale) {
      const runId = (await this.inner.getTrial(studyId, number))?.runId;
      if (runId !== undefined)
        await this.tracking.updateRun(runId, { status: runStatusOf.STALE, endTime: Date.now() }, call);
    }
    return stale;
  }

  setInvalid(studyId: string, number: number, invalid: boolean): Promise<void> {
    return this.inner.setInvalid(studyId, number, invalid);
  }

  getTrial(studyId: string, number: number): Promise<TrialRecord | undefined> {
    return this.inner.getTrial(studyId, number);
  }

  listTrials(
    studyId: string,
    page: { after?: number; limit: number; states?: readonly TrialState[] },
  ): Promise<TrialPage> {
    return this.inner.listTrials(studyId, page);
  }

  countTrials(studyId: string, states?: readonly TrialState[]): Promise<number> {
    return this.inner.countTrials(studyId, states);
  }

  private async study(studyId: string): Promise<StudyRecord> {
    let study = this.studies.get(studyId);
    if (study === undefined) {
      study = await this.inner.findStudy(studyId);
      if (study === undefined)
        throw new NotFoundError(`study "${studyId}" does not exist`, { field: 'studyId' });
      this.studies.set(studyId, study);
    }
    return study;
  }

  /** The id of the experiment named after the study, created on first use (a concurrent creator wins). */
  private experimentOf(study: StudyRecord, call: CallContext): Promise<string> {
    let id = this.experiments.get(study.id);
    if (id === undefined) {
      id = this.findOrCreateExperiment(study.name, call);
      id.catch(() => this.experiments.delete(study.id));
      this.experiments.set(study.id, id);
    }
    return id;
  }

  private async findOrCreateExperiment(name: string, call: CallContext): Promise<string> {
    try {
      return (await this.tracking.getExperimentByName(name, call)).experimentId;
    } catch (err) {
      if (!isMlopsError(err, 'NotFound')) throw err;
    }
    try {
      return (await this.tracking.createExperiment({ name, tags: { 'hpo.study': name } }, call)).experimentId;
    } catch (err) {
      if (!isMlopsError(err, 'AlreadyExists')) throw err;
      return (await this.tracking.getExperimentByName(name, call)).experimentId;
    }
  }
}
