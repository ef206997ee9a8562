import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Auth,
  type CallContext,
  FailedPreconditionError,
  type Hooks,
  HpoStudyCompleted,
  type HpoStudyCompletedPayload,
  NotFoundError,
  ResourceCreated,
  resolveReadScope,
  systemCall,
  type Tracking,
} from '@mlops/plugin-api';
import type { Hpo, HpoStudyOptions, StudySpec, TrialEnding } from '../HpoService.js';
import type { ParamImportance } from '../importance/pedAnovaImportances.js';
import type { HpoOptions } from '../options.js';
import { MedianPruner } from '../pruners/MedianPruner.js';
import { NopPruner } from '../pruners/NopPruner.js';
import { findBestTrials } from '../report/findBestTrials.js';
import { renderStudyReport } from '../report/renderStudyReport.js';
import { countByState, type StudyPlots, studyPlots } from '../report/studyPlots.js';
import { RandomSampler } from '../samplers/RandomSampler.js';
import { TPESampler } from '../samplers/tpe/TPESampler.js';
import type { ScopedStudyStorage } from '../storage/ScopedStudyStorage.js';
import { createStudy, loadStudy } from '../study/createStudy.js';
import { prunerFromConfig, samplerFromConfig } from '../study/restoreFromConfig.js';
import type { Objective, OptimizeOptions, Study } from '../study/Study.js';
import type {
  Distribution,
  StudyDirection,
  StudyRecord,
  StudyStorage,
  TrialPage,
  TrialRecord,
  TrialState,
} from '../study/StudyStorage.js';
import type { Trial } from '../study/Trial.js';
import { TrackedStudyStorage } from './TrackedStudyStorage.js';

/** Studies opened for REST calls, kept per process; past this many the least recently used closes. */
const openStudyLimit = 64;

/**
 * The `Hpo` service on a shared `StudyStorage` (SqlStudyStorage in the plugin). REST calls work
 * on one `Study` per study and process, opened on first use (replaying its trials once) and kept,
 * so a suggestion costs what the sampler needs and not a replay; trials that a request asked for
 * here keep their in-process `Trial`, so their reports and pruning decisions match an in-process
 * worker's. Tracking writes run under the caller of each request.
 */
export class PersistentHpo implements Hpo {
  private readonly currentCall = new AsyncLocalStorage<CallContext>();
  private readonly shared: StudyStorage;
  private readonly open = new Map<string, Promise<Study>>();
  private readonly asked = new Map<string, Trial>();

  /** @param auth the Auth provider, if any (looked up late): listings show only readable studies. */
  constructor(
    private readonly storage: ScopedStudyStorage,
    private readonly hooks: Hooks,
    private readonly options: HpoOptions,
    private readonly tracking?: Tracking,
    private readonly auth?: () => Auth | undefined,
  ) {
    this.shared = this.tracked(() => this.currentCall.getStore() ?? systemCall('hpo'));
  }

  async createStudy(options: HpoStudyOptions, call: CallContext): Promise<Study> {
    const directions = options.directions ?? [options.direction ?? 'minimize'];
    const study = await createStudy({
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      staleAfterMs: this.options.staleAfterMs,
      ...options,
      sampler: options.sampler ?? this.defaultSampler(directions, options.seed),
      pruner: options.pruner ?? this.defaultPruner(),
      storage: this.tracked(() => this.currentCall.getStore() ?? call),
    });
    this.hooks.emit(ResourceCreated, { kind: 'study', id: study.record.id, call });
    return study;
  }

  loadStudy(nameOrId: string, call: CallContext): Promise<Study> {
    return loadStudy({
      name: nameOrId,
      storage: this.tracked(() => this.currentCall.getStore() ?? call),
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      staleAfterMs: this.options.staleAfterMs,
    });
  }

  async optimize(
    study: Study,
    objective: Objective,
    options: OptimizeOptions,
    call: CallContext,
  ): Promise<HpoStudyCompletedPayload> {
    await study.optimize(objective, options);
    return this.complete(study.record.id, call);
  }

  async createStudyRecord(
    spec: StudySpec,
    call: CallContext,
  ): Promise<{ study: StudyRecord; created: boolean }> {
    return this.within(call, async () => {
      if (spec.loadIfExists) {
        const existing = await this.storage.findStudy(spec.name);
        if (existing) return { study: existing, created: false };
      }
      const directions = spec.directions ?? [spec.direction ?? 'minimize'];
      const study = await createStudy({
        name: spec.name,
        ...(spec.direction === undefined ? {} : { direction: spec.direction }),
        ...(spec.directions === undefined ? {} : { directions: spec.directions }),
        ...(spec.seed === undefined ? {} : { seed: spec.seed }),
        ...(spec.userAttrs === undefined ? {} : { userAttrs: spec.userAttrs }),
        sampler:
          spec.sampler === undefined
            ? this.defaultSampler(directions, spec.seed)
            : samplerFromConfig(
                { name: spec.sampler.name, options: spec.sampler.options ?? {} },
                directions,
                spec.seed ?? null,
              ),
        pruner:
          spec.pruner === undefined
            ? this.defaultPruner()
            : prunerFromConfig({ name: spec.pruner.name, options: spec.pruner.options ?? {} }),
        // REST clients send their own heartbeats; the server only marks their silence STALE.
        staleAfterMs: this.options.staleAfterMs,
        retryStale: false,
        storage: this.shared,
      });
      this.remember(study.record.id, Promise.resolve(study));
      this.hooks.emit(ResourceCreated, { kind: 'study', id: study.record.id, call });
      return { study: study.record, created: true };
    });
  }

  async getStudy(nameOrId: string, _call: CallContext): Promise<StudyRecord> {
    const study = await this.storage.findStudy(nameOrId);
    if (study === undefined)
      throw new NotFoundError(`study "${nameOrId}" does not exist`, { field: 'studyId' });
    return study;
  }

  async listStudies(
    page: { after?: string; limit: number },
    call: CallContext,
  ): Promise<{ studies: StudyRecord[]; next?: string }> {
    return this.storage.listStudies({
      ...page,
      readable: await resolveReadScope(this.auth?.(), call, 'study'),
    });
  }

  async ask(
    studyId: string,
    searchSpace: Readonly<Record<string, Distribution>>,
    call: CallContext,
  ): Promise<TrialRecord> {
    return this.within(call, async () => {
      const study = await this.study(studyId);
      const trial = await study.ask();
      // A REST trial lives as long as its client sends heartbeats, never this server's: the
      // Study opened for REST calls keeps no heartbeat timer of its own.
      study.close();
      for (const [name, d] of Object.entries(searchSpace)) {
        if (d.kind === 'categorical') trial.suggestCategorical(name, d.choices);
        else if (d.kind === 'int') trial.suggestInt(name, d.low, d.high, { log: d.log, step: d.step });
        else
          trial.suggestFloat(name, d.low, d.high, d.step === undefined ? { log: d.log } : { step: d.step });
      }
      await trial.settle();
      this.asked.set(`${studyId}:${trial.number}`, trial);
      return (await this.storage.getTrial(studyId, trial.number))!;
    });
  }

  async tell(studyId: string, number: number, outcome: TrialEnding, call: CallContext): Promise<TrialRecord> {
    return this.within(call, async () => {
      const study = await this.study(studyId);
      const told = await study.tell(
        number,
        outcome.state === 'COMPLETE'
          ? (outcome.values ?? [])
          : outcome.state === 'PRUNED'
            ? 'pruned'
            : 'failed',
      );
      this.asked.delete(`${studyId}:${number}`);
      return told;
    });
  }

  async report(
    studyId: string,
    number: number,
    step: number,
    value: number,
    call: CallContext,
  ): Promise<boolean> {
    return this.within(call, async () => {
      const trial = this.asked.get(`${studyId}:${number}`);
      if (trial !== undefined) {
        await this.requireRunning(studyId, number);
        trial.report(value, step);
        await trial.settle();
        return trial.shouldPrune();
      }
      await this.shared.reportIntermediate(studyId, number, step, value);
      return this.pruneStored(studyId, number);
    });
  }

  async shouldPrune(studyId: string, number: number, call: CallContext): Promise<boolean> {
    return this.within(call, async () => {
      await this.requireRunning(studyId, number);
      const trial = this.asked.get(`${studyId}:${number}`);
      return trial === undefined ? this.pruneStored(studyId, number) : trial.shouldPrune();
    });
  }

  heartbeat(studyId: string, number: number, _call: CallContext): Promise<void> {
    return this.storage.heartbeat(studyId, number);
  }

  async getTrial(studyId: string, number: number, _call: CallContext): Promise<TrialRecord> {
    const trial = await this.storage.getTrial(studyId, number);
    if (trial === undefined) {
      throw new NotFoundError(`study "${studyId}" has no trial ${number}`, { field: 'number' });
    }
    return trial;
  }

  async setInvalid(
    studyId: string,
    number: number,
    invalid: boolean,
    call: CallContext,
  ): Promise<TrialRecord> {
    return this.within(call, async () => {
      const study = await this.study(studyId);
      await study.markInvalid(number, invalid);
      return this.getTrial(studyId, number, call);
    });
  }

  listTrials(
    studyId: string,
    page: { after?: number; limit: number; states?: readonly TrialState[] },
    _call: CallContext,
  ): Promise<TrialPage> {
    return this.storage.listTrials(studyId, page);
  }

  trialCounts(studyId: string, _call: CallContext): Promise<Record<TrialState, number>> {
    return countByState(this.storage, studyId);
  }

  async bestTrials(studyId: string, _call: CallContext): Promise<TrialRecord[]> {
    return findBestTrials(this.storage, await this.studyById(studyId));
  }

  async importances(
    studyId: string,
    options: { objective?: number },
    call: CallContext,
  ): Promise<ParamImportance[]> {
    const plots = await this.plots(studyId, options, call);
    return [...plots.importances];
  }

  async plots(
    studyId: string,
    options: { objective?: number; maxTrials?: number },
    _call: CallContext,
  ): Promise<StudyPlots> {
    return studyPlots(this.storage, await this.studyById(studyId), {
      ...options,
      maxTrials: Math.min(options.maxTrials ?? this.options.reportMaxTrials, this.options.reportMaxTrials),
    });
  }

  async renderReport(studyId: string, _call: CallContext): Promise<string> {
    const study = await this.studyById(studyId);
    const best = await findBestTrials(this.storage, study);
    const plots = await studyPlots(this.storage, study, { maxTrials: this.options.reportMaxTrials });
    return renderStudyReport(
      plots,
      best.map((t) => ({ number: t.number, params: t.params, values: t.values ?? [] })),
    );
  }

  async complete(studyId: string, call: CallContext): Promise<HpoStudyCompletedPayload> {
    const study = await this.studyById(studyId);
    const best = await findBestTrials(this.storage, study);
    const first = best[0];
    const payload: HpoStudyCompletedPayload = {
      studyId: study.id,
      studyName: study.name,
      directions: study.directions,
      bestParams: first?.params ?? {},
      bestTrials: best.map((t) => ({ number: t.number, params: t.params, values: t.values ?? [] })),
      trialCounts: await countByState(this.storage, study.id),
      ...(first?.runId === undefined ? {} : { bestRunId: first.runId }),
      call,
    };
    this.hooks.emit(HpoStudyCompleted, payload);
    return payload;
  }

  /** Stops the heartbeats of the studies opened for REST calls. */
  close(): void {
    for (const study of this.open.values()) study.then((s) => s.close()).catch(() => undefined);
    this.open.clear();
    this.asked.clear();
  }

  private within<T>(call: CallContext, work: () => Promise<T>): Promise<T> {
    return this.currentCall.run(call, work);
  }

  /** The study opened for REST calls, opened (and its trials replayed) on first use. */
  private study(studyId: string): Promise<Study> {
    let study = this.open.get(studyId);
    if (study === undefined) {
      study = this.studyById(studyId).then(() =>
        loadStudy({
          name: studyId,
          storage: this.shared,
          staleAfterMs: this.options.staleAfterMs,
          retryStale: false,
        }),
      );
      study.catch(() => this.open.delete(studyId));
    } else this.open.delete(studyId);
    this.remember(studyId, study);
    return study;
  }

  private remember(studyId: string, study: Promise<Study>): void {
    this.open.set(studyId, study);
    if (this.open.size > openStudyLimit) {
      const [oldest, evicted] = this.open.entries().next().value!;
      this.open.delete(oldest);
      for (const key of this.asked.keys()) if (key.startsWith(`${oldest}:`)) this.asked.delete(key);
      evicted.then((s) => s.close()).catch(() => undefined);
    }
  }

  /** Whether the pruner of the study would stop a stored trial (one asked for by another process). */
  private async pruneStored(studyId: string, number: number): Promise<boolean> {
    const study = await this.study(studyId);
    await study.refresh();
    const trial = await this.getTrial(studyId, number, systemCall());
    return study.pruner.prune(trial, { studyName: study.name, directions: study.directions });
  }

  private async requireRunning(studyId: string, number: number): Promise<void> {
    const trial = await this.getTrial(studyId, number, systemCall());
    if (trial.state !== 'RUNNING') {
      throw new FailedPreconditionError(`trial ${number} is ${trial.state}, not RUNNING`, {
        field: 'number',
      });
    }
  }

  /** The study with this id (not name: REST paths and permissions name studies by id). */
  private async studyById(studyId: string): Promise<StudyRecord> {
    const study = await this.storage.findStudy(studyId);
    if (study === undefined || study.id !== studyId) {
      throw new NotFoundError(`study "${studyId}" does not exist`, { field: 'studyId' });
    }
    return study;
  }

  private defaultSampler(directions: readonly StudyDirection[], seed: number | undefined) {
    if (directions.length > 1) return undefined;
    const seeded = seed === undefined ? {} : { seed };
    return this.options.defaultSampler === 'RandomSampler'
      ? new RandomSampler(seeded)
      : new TPESampler(seeded);
  }

  private defaultPruner() {
    return this.options.defaultPruner === 'MedianPruner' ? new MedianPruner() : new NopPruner();
  }

  private tracked(callOf: () => CallContext): StudyStorage {
    return this.tracking !== undefined && this.options.trackTrials
      ? new TrackedStudyStorage(this.storage, this.tracking, callOf)
      : this.storage;
  }
}
