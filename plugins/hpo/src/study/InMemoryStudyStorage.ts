import { randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
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
} from './StudyStorage.js';

type MutableTrial = {
  -readonly [K in keyof TrialRecord]: TrialRecord[K];
};

/**
 * A `StudyStorage` in this process's memory: the default of `createStudy`, lost when the process
 * ends. Records handed out are copies, so a caller cannot change the store behind its back.
 */
export class InMemoryStudyStorage implements StudyStorage {
  private readonly studies = new Map<string, StudyRecord>();
  private readonly byName = new Map<string, string>();
  private readonly trials = new Map<string, MutableTrial[]>();

  /** @param now the clock, in milliseconds (tests pass a fake one). */
  constructor(private readonly now: () => number = Date.now) {}

  async createStudy(init: {
    name: string;
    directions: readonly StudyDirection[];
    config: Record<string, unknown>;
    userAttrs?: Record<string, unknown>;
  }): Promise<StudyRecord> {
    if (this.byName.has(init.name)) {
      throw new AlreadyExistsError(`study "${init.name}" already exists`, { field: 'name' });
    }
    const study: StudyRecord = {
      id: randomUUID(),
      name: init.name,
      directions: [...init.directions],
      createdAt: this.now(),
      config: structuredClone(init.config),
      userAttrs: structuredClone(init.userAttrs ?? {}),
    };
    this.studies.set(study.id, study);
    this.byName.set(study.name, study.id);
    this.trials.set(study.id, []);
    return structuredClone(study);
  }

  async findStudy(nameOrId: string): Promise<StudyRecord | undefined> {
    const study = this.studies.get(nameOrId) ?? this.studies.get(this.byName.get(nameOrId) ?? '');
    return study && structuredClone(study);
  }

  async listStudies(page: {
    after?: string;
    limit: number;
  }): Promise<{ studies: StudyRecord[]; next?: string }> {
    const names = [...this.byName.keys()]
      .sort()
      .filter((name) => page.after === undefined || name > page.after);
    const studies = names
      .slice(0, page.limit)
      .map((name) => structuredClone(this.studies.get(this.byName.get(name)!)!));
    const last = studies[studies.length - 1];
    return names.length > page.limit && last ? { studies, next: last.name } : { studies };
  }

  async createTrial(studyId: string, init: NewTrial): Promise<TrialRecord> {
    const trials = this.trialsOf(studyId);
    const now = this.now();
    const trial: MutableTrial = {
      studyId,
      number: trials.length,
      state: 'RUNNING',
      params: { ...init.params },
      distributions: structuredClone(init.distributions ?? {}),
      intermediate: [],
      invalid: false,
      startedAt: now,
      heartbeatAt: now,
      userAttrs: {},
      ...(init.runId === undefined ? {} : { runId: init.runId }),
    };
    trials.push(trial);
    return structuredClone(trial);
  }

  async setParam(
    studyId: string,
    number: number,
    name: string,
    value: ParamValue,
    distribution: Distribution,
  ): Promise<void> {
    const trial = this.running(studyId, number);
    trial.params = { ...trial.params, [name]: value };
    trial.distributions = { ...trial.distributions, [name]: structuredClone(distribution) };
  }

  async reportIntermediate(studyId: string, number: number, step: number, value: number): Promise<void> {
    const trial = this.running(studyId, number);
    const kept = trial.intermediate.filter(([s]) => s !== step);
    kept.push([step, value]);
    kept.sort((a, b) => a[0] - b[0]);
    trial.intermediate = kept;
  }

  async finishTrial(
    studyId: string,
    number: number,
    state: 'COMPLETE' | 'PRUNED' | 'FAIL',
    values?: readonly number[],
  ): Promise<TrialRecord> {
    const trial = this.running(studyId, number);
    trial.state = state;
    trial.finishedAt = this.now();
    if (values !== undefined) trial.values = [...values];
    return structuredClone(trial);
  }

  async heartbeat(studyId: string, number: number): Promise<void> {
    this.running(studyId, number).heartbeatAt = this.now();
  }

  async markStale(studyId: string, olderThan: number): Promise<number[]> {
    const stale: number[] = [];
    for (const trial of this.trialsOf(studyId)) {
      if (trial.state === 'RUNNING' && (trial.heartbeatAt ?? trial.startedAt ?? 0) < olderThan) {
        trial.state = 'STALE';
        trial.finishedAt = this.now();
        stale.push(trial.number);
      }
    }
    return stale;
  }

  async setInvalid(studyId: string, number: number, invalid: boolean): Promise<void> {
    this.trial(studyId, number).invalid = invalid;
  }

  async getTrial(studyId: string, number: number): Promise<TrialRecord | undefined> {
    const trial = this.trialsOf(studyId)[number];
    return trial && structuredClone(trial);
  }

  async listTrials(
    studyId: string,
    page: { after?: number; limit: number; states?: readonly TrialState[] },
  ): Promise<TrialPage> {
    if (!Number.isInteger(page.limit) || page.limit < 1) {
      throw new InvalidArgumentError(`limit must be a positive integer, got ${page.limit}`, {
        field: 'limit',
      });
    }
    const trials = this.trialsOf(studyId);
    const out: TrialRecord[] = [];
    for (let n = page.after === undefined ? 0 : page.after + 1; n < trials.length; n++) {
      const trial = trials[n]!;
      if (page.states && !page.states.includes(trial.state)) continue;
      if (out.length === page.limit) return { trials: out, nextAfter: out[out.length - 1]!.number };
      out.push(structuredClone(trial));
    }
    return { trials: out };
  }

  async countTrials(studyId: string, states?: readonly TrialState[]): Promise<number> {
    const trials = this.trialsOf(studyId);
    return states ? trials.filter((t) => states.includes(t.state)).length : trials.length;
  }

  private trialsOf(studyId: string): MutableTrial[] {
    const trials = this.trials.get(studyId);
    if (!trials) throw new NotFoundError(`study "${studyId}" does not exist`, { field: 'studyId' });
    return trials;
  }

  private trial(studyId: string, number: number): MutableTrial {
    const trial = this.trialsOf(studyId)[number];
    if (!trial) throw new NotFoundError(`study "${studyId}" has no trial ${number}`, { field: 'number' });
    return trial;
  }

  private running(studyId: string, number: number): MutableTrial {
    const trial = this.trial(studyId, number);
    if (trial.state !== 'RUNNING') {
      throw new FailedPreconditionError(`trial ${number} is ${trial.state}, not RUNNING`, {
        field: 'number',
      });
    }
    return trial;
  }
}
