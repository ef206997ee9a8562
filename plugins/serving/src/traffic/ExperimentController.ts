import {
  type CallContext,
  type DeploymentRevision,
  FailedPreconditionError,
  type Hooks,
  type InferenceRequest,
  type InferenceResponse,
  type Logger,
  type ModelVersion,
  type NewTrafficExperiment,
  NotFoundError,
  type Registry,
  systemCall,
  type TrafficExperiment,
} from '@mlops/plugin-api';
import type { DeploymentRuntimes, Runtime } from '../deployments/DeploymentRuntimes.js';
import type { DeploymentStore } from '../deployments/DeploymentStore.js';
import type { ExperimentStore, RecordedExperiment } from '../deployments/ExperimentStore.js';
import { interceptRollout } from '../deployments/interceptRollout.js';
import type { LiveModel } from '../deployments/LiveModel.js';
import type { PredictionLogger } from '../PredictionLogger.js';
import { checkNewExperiment } from './checkNewExperiment.js';
import { promoteVersion } from './promoteVersion.js';
import { type DueStep, RunningExperiment } from './RunningExperiment.js';

/** What experiments need from the deployment service. */
export interface ExperimentControllerDeps {
  readonly runtimes: DeploymentRuntimes;
  readonly experiments: ExperimentStore;
  readonly store: DeploymentStore;
  readonly registry: Registry;
  readonly hooks: Hooks;
  readonly logger: Logger;
  readonly predictionLog?: PredictionLogger;
  /** A version of the deployment's model, checked READY. */
  resolveVersion(revision: DeploymentRevision, version: number, call: CallContext): Promise<ModelVersion>;
  /** Loads a version with the deployment's backend and options, ready for traffic. */
  loadChallenger(revision: DeploymentRevision, version: ModelVersion): Promise<LiveModel>;
  /** Rolls `version` out as the deployment's next revision; called inside the deployment's lock. */
  promote(current: DeploymentRevision, version: number, reason: string, call: CallContext): Promise<void>;
}

/** Canary and shadow experiments: starting, routing, guarding, ending and promoting them. */
export class ExperimentController {
  constructor(private readonly deps: ExperimentControllerDeps) {}

  async start(name: string, input: NewTrafficExperiment, call: CallContext): Promise<TrafficExperiment> {
    const checked = checkNewExperiment(input);
    const { runtimes } = this.deps;
    return runtimes.exclusive(name, async () => {
      const runtime = runtimes.get(name);
      if (runtime === undefined)
        throw new NotFoundError(`deployment "${name}" does not exist`, { field: 'name' });
      const { revision, live } = runtime;
      if (runtime.abTest !== undefined) {
        throw new FailedPreconditionError(
          `deployment "${name}" already runs A/B test ${runtime.abTest.test.id}`,
          { field: 'kind' },
        );
      }
      if (runtime.experiment !== undefined) {
        const running = runtime.experiment.config;
        throw new FailedPreconditionError(
          `deployment "${name}" already runs a ${running.kind} of version ${running.version}`,
          { field: 'kind' },
        );
      }
      if (live?.revision.version === checked.version) {
        throw new FailedPreconditionError(
          `version ${checked.version} is the live version of deployment "${name}"`,
          {
            field: 'version',
          },
        );
      }
      const version = await this.deps.resolveVersion(revision, checked.version, call);
      // A canary answers real traffic, so the rollout gates decide; a shadow answers nobody.
      if (checked.kind === 'canary')
        await interceptRollout(this.deps.hooks, revision, revision, version, call);
      const config: RecordedExperiment = {
        deployment: name,
        kind: checked.kind,
        version: checked.version,
        percent: checked.percent,
        ...(checked.stickyBy === undefined ? {} : { stickyBy: checked.stickyBy }),
        ...(checked.maxErrorRate === undefined ? {} : { maxErrorRate: checked.maxErrorRate }),
        ...(checked.maxLatencyMs === undefined ? {} : { maxLatencyMs: checked.maxLatencyMs }),
        minRequests: checked.minRequests,
        ...(checked.maxErrorRateIncrease === undefined
          ? {}
          : { maxErrorRateIncrease: checked.maxErrorRateIncrease }),
        ...(checked.maxLatencyRatio === undefined ? {} : { maxLatencyRatio: checked.maxLatencyRatio }),
        steps: checked.steps,
        stepMinRequests: checked.stepMinRequests,
        stepMinMs: checked.stepMinMs,
        shadowConcurrency: checked.shadowConcurrency,
        step: 0,
        status: 'running',
        startedBy: call.principal.id,
        startedAt: Date.now(),
      };
      const experiment = await this.attach(runtime, config, version);
      await this.deps.experiments.save(config);
      return experiment.view(live?.revision.version ?? 0);
    });
  }

  async get(name: string): Promise<TrafficExperiment> {
    const runtime = this.deps.runtimes.get(name);
    if (runtime?.experiment !== undefined)
      return runtime.experiment.view(runtime.live?.revision.version ?? 0);
    return this.deps.experiments.get(name);
  }

  async end(
    name: string,
    options: { readonly promote: boolean; readonly reason?: string },
    call: CallContext,
  ): Promise<TrafficExperiment> {
    const { runtimes } = this.deps;
    return runtimes.exclusive(name, async () => {
      const runtime = runtimes.get(name);
      const experiment = runtime?.experiment;
      if (runtime === undefined || experiment === undefined) {
        throw new FailedPreconditionError(`deployment "${name}" runs no experiment`, { field: 'name' });
      }
      const final = experiment.view(runtime.live?.revision.version ?? 0);
      const { version, kind } = experiment.config;
      // All traffic goes to the champion from here, so the promotion's switch does not carry the experiment.
      runtimes.detachExperiment(name, experiment);
      if (options.promote) {
        const reason = options.reason ?? `${kind} of version ${version} promoted`;
        try {
          await promoteVersion(this.deps, name, version, reason, call);
        } catch (err) {
          const now = runtimes.get(name);
          if (now !== undefined && now.experiment === undefined) now.experiment = experiment;
          throw err;
        }
      }
      const status = options.promote ? 'promoted' : 'ended';
      const statusReason =
        options.reason ?? (options.promote ? `version ${version} promoted` : 'ended by a call');
      await this.close(experiment, status, statusReason);
      return { ...final, status, statusReason };
    });
  }

  /** Answers a checked request (with its id) of a deployment that runs `experiment`; trips its guards. */
  async predict(
    runtime: Runtime,
    experiment: RunningExperiment,
    live: LiveModel,
    request: InferenceRequest,
    call: CallContext,
    requestKey?: string,
  ): Promise<InferenceResponse> {
    const name = runtime.revision.deployment;
    const challengerRevision = { ...live.revision, version: experiment.config.version };
    const log = this.deps.predictionLog;
    const started = performance.now();
    try {
      const { answer, version } = await experiment.predict(request, requestKey, live, (shadow, ms) => {
        log?.record(challengerRevision, request, shadow, ms, call.principal.id);
      });
      const response = { ...answer, id: request.id!, modelName: name, modelVersion: String(version) };
      const revision = version === live.revision.version ? live.revision : challengerRevision;
      log?.record(revision, request, response, performance.now() - started, call.principal.id);
      return response;
    } finally {
      const tripped = experiment.trippedGuard();
      // Off the traffic path at once; recording and unloading follow.
      if (tripped !== undefined && this.deps.runtimes.detachExperiment(name, experiment)) {
        const { kind, version } = experiment.config;
        this.deps.logger.warn(
          { deployment: name, version },
          `${kind} of deployment ${name} (version ${version}) rolled back: ${tripped}`,
        );
        this.deps.runtimes.track(this.close(experiment, 'rolledBack', tripped));
      }
      const due = tripped === undefined ? experiment.dueStep() : undefined;
      if (due !== undefined) this.takeStep(name, experiment, due);
    }
  }

  /**
   * Takes a stepped canary's next step (through `deployment.beforeRollout`), or promotes the
   * challenger after the last one, in the deployment's lock; a veto or a failure rolls it back.
   */
  private takeStep(name: string, experiment: RunningExperiment, due: DueStep): void {
    experiment.stepping = true;
    const { kind, version, steps } = experiment.config;
    const call = systemCall('serving:canary');
    const work = this.deps.runtimes.exclusive(name, async () => {
      if (this.deps.runtimes.get(name)?.experiment !== experiment) return;
      const what = due.action === 'advance' ? `the step to ${due.percent}%` : 'the promotion';
      try {
        const current = await this.deps.store.current(name);
        if (due.action === 'advance') {
          const target = await this.deps.resolveVersion(current, version, call);
          await interceptRollout(this.deps.hooks, current, current, target, call);
          const config = experiment.advance();
          await this.deps.experiments.save(config);
          this.deps.logger.info(
            { deployment: name, version, percent: config.percent },
            `${kind} of deployment ${name} (version ${version}) now takes ${config.percent}% (step ${config.step} of ${steps.length})`,
          );
          return;
        }
        this.deps.runtimes.detachExperiment(name, experiment);
        const reason = `${kind} of version ${version} promoted after ${steps.length} steps`;
        await promoteVersion(this.deps, name, version, reason, call);
        await this.close(experiment, 'promoted', reason);
      } catch (err) {
        this.deps.runtimes.detachExperiment(name, experiment);
        const reason = `${what} failed: ${(err as Error).message}`;
        this.deps.logger.warn(
          { deployment: name, version },
          `${kind} of deployment ${name} (version ${version}) rolled back: ${reason}`,
        );
        await this.close(experiment, 'rolledBack', reason);
      } finally {
        experiment.stepping = false;
      }
    });
    this.deps.runtimes.track(work);
  }

  /** Loads the challengers of the running experiments again (at start); one that fails ends its experiment. */
  async restore(): Promise<void> {
    for (const config of await this.deps.experiments.running()) {
      const runtime = this.deps.runtimes.get(config.deployment);
      if (runtime === undefined) continue;
      try {
        const version = await this.deps.resolveVersion(
          runtime.revision,
          config.version,
          systemCall('serving:start'),
        );
        await this.attach(runtime, config, version);
      } catch (err) {
        const reason = `the challenger could not be loaded at start: ${(err as Error).message}`;
        this.deps.logger.error(
          { deployment: config.deployment },
          `${config.kind} of ${config.deployment} ended: ${reason}`,
        );
        await this.deps.experiments.save({ ...config, status: 'ended', statusReason: reason });
      }
    }
  }

  private async attach(
    runtime: Runtime,
    config: RecordedExperiment,
    version: ModelVersion,
  ): Promise<RunningExperiment> {
    const challenger = await this.deps.loadChallenger(runtime.revision, version);
    const experiment = new RunningExperiment(config, challenger);
    runtime.experiment = experiment;
    return experiment;
  }

  private async close(
    experiment: RunningExperiment,
    status: TrafficExperiment['status'],
    statusReason: string,
  ): Promise<void> {
    this.deps.runtimes.retire(experiment.challenger);
    await this.deps.experiments.save({ ...experiment.config, status, statusReason });
  }
}
