import {
  type AbTest,
  type AbTestReport,
  AlreadyExistsError,
  type Auth,
  type CallContext,
  type Deployment,
  type DeploymentMetadata,
  type DeploymentRevision,
  DeploymentRolledOut,
  type DeploymentUpdate,
  FailedPreconditionError,
  type Hooks,
  type InferenceRequest,
  type InferenceResponse,
  InvalidArgumentError,
  type LoadedModel,
  type Logger,
  type ModelAliasPayload,
  type ModelVersion,
  type NewAbTest,
  type NewDeployment,
  type NewTrafficExperiment,
  PermissionDeniedError,
  type PredictOptions,
  type Registry,
  ResourceCreated,
  ResourceDeleted,
  resolveReadScope,
  type Serving,
  type ServingBackend,
  systemCall,
  type TrafficExperiment,
} from '@mlops/plugin-api';
import type { ServingOptions } from '../options.js';
import type { PredictionLogger } from '../PredictionLogger.js';
import type { ServingMetrics } from '../ServingMetrics.js';
import { AbTestController } from '../traffic/AbTestController.js';
import type { AbTestStore } from '../traffic/AbTestStore.js';
import { ExperimentController } from '../traffic/ExperimentController.js';
import { BackendOptionsValidator } from './BackendOptionsValidator.js';
import { checkDeploymentName, checkDeploymentTarget } from './checkDeploymentFields.js';
import { DeploymentRuntimes, type Runtime } from './DeploymentRuntimes.js';
import type { DeploymentStore, NewRevision } from './DeploymentStore.js';
import { DeploymentTraffic } from './DeploymentTraffic.js';
import type { ExperimentStore } from './ExperimentStore.js';
import { interceptRollout } from './interceptRollout.js';
import { LiveModel, type PredictFn } from './LiveModel.js';
import { loadReadyModel } from './loadReadyModel.js';
import { planRollback } from './planRollback.js';
import { planUpdate } from './planUpdate.js';
import type { RolloutPlan } from './RolloutPlan.js';

/** How a live model runs requests; the default sends each one to the model on its own. */
export interface Predictor {
  readonly run: PredictFn;
  /** Stops what `run` started (a batcher's timers), once the model has drained. */
  close(): Promise<void>;
}

/** What the service needs from the plugin. */
export interface DeploymentServiceDeps {
  readonly store: DeploymentStore;
  readonly experiments: ExperimentStore;
  readonly abTests: AbTestStore;
  readonly registry: Registry;
  readonly hooks: Hooks;
  readonly logger: Logger;
  readonly options: ServingOptions;
  /** The configured backends, looked up when needed (other plugins provide some). */
  readonly backends: () => readonly ServingBackend[];
  /** Wraps a freshly loaded model for traffic (batching, caching, metrics). */
  readonly predictor?: (revision: DeploymentRevision, loaded: LoadedModel) => Predictor;
  /** Counts predictions and their latency. */
  readonly metrics?: ServingMetrics;
  /** Logs sampled predictions to the BlobStore. */
  readonly predictionLog?: PredictionLogger;
  /** The Auth provider, if any (looked up late): listings show only readable deployments. */
  readonly auth?: () => Auth | undefined;
}

/** The `Serving` port: deployments recorded in the Database, their live models in this process. */
export class DeploymentService implements Serving {
  private readonly runtimes: DeploymentRuntimes;
  private readonly experimentsCtl: ExperimentController;
  private readonly abTestsCtl: AbTestController;
  private readonly traffic: DeploymentTraffic;
  private readonly validator = new BackendOptionsValidator();

  constructor(private readonly deps: DeploymentServiceDeps) {
    this.runtimes = new DeploymentRuntimes(deps.logger, deps.options.drainTimeoutMs);
    const experimentDeps = {
      runtimes: this.runtimes,
      store: deps.store,
      registry: deps.registry,
      hooks: deps.hooks,
      logger: deps.logger,
      ...(deps.predictionLog === undefined ? {} : { predictionLog: deps.predictionLog }),
      resolveVersion: (revision: DeploymentRevision, version: number, call: CallContext) =>
        this.resolveVersion({ ...revision, version }, true, call),
      loadChallenger: async (revision: DeploymentRevision, version: ModelVersion) => {
        const plan = this.plan({ ...revision, version: version.version });
        const loaded = await loadReadyModel(
          this.backend(plan.backend),
          plan,
          version,
          deps.options.readyTimeoutMs,
        );
        const challenger = { ...revision, version: version.version };
        const predictor = this.predictorOf(
          { ...challenger, deployment: `${revision.deployment}:challenger` },
          loaded,
        );
        return new LiveModel(challenger, loaded, predictor.run, predictor.close);
      },
      promote: async (current: DeploymentRevision, version: number, reason: string, call: CallContext) => {
        await this.rollout(this.plan({ ...current, version, reason }), current, call, { exactVersion: true });
      },
    };
    this.experimentsCtl = new ExperimentController({ ...experimentDeps, experiments: deps.experiments });
    this.abTestsCtl = new AbTestController({ ...experimentDeps, tests: deps.abTests });
    this.traffic = new DeploymentTraffic({
      runtimes: this.runtimes,
      experiments: this.experimentsCtl,
      abTests: this.abTestsCtl,
      ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
      ...(deps.predictionLog === undefined ? {} : { predictionLog: deps.predictionLog }),
    });
  }

  get environments(): readonly string[] {
    return this.deps.options.environments;
  }

  /** Loads every recorded deployment's current revision, then follows aliases that moved meanwhile. */
  async start(): Promise<void> {
    this.deps.predictionLog?.start();
    const revisions = await this.deps.store.currentAll();
    await Promise.all(revisions.map((revision) => this.restore(revision)));
    await this.experimentsCtl.restore();
    await this.abTestsCtl.restore();
    for (const revision of revisions) {
      if (revision.alias === undefined) continue;
      const call = systemCall('serving:start');
      const moved = await this.deps.registry
        .resolveModelUri(`models:/${revision.model}@${revision.alias}`, call)
        .catch(() => undefined);
      if (moved !== undefined) this.followAlias(revision.deployment, revision.alias, moved.version, call);
    }
  }

  /** Waits for rollouts in progress, then drains and unloads every live model. */
  async stop(): Promise<void> {
    await this.runtimes.shutdown();
    await this.abTestsCtl.stop();
    await this.deps.predictionLog?.stop();
  }

  /** Rolls out a deployment whose alias now points at `version`; called on `model.alias.set`. */
  onAliasSet(payload: ModelAliasPayload): void {
    if (payload.version === null) return;
    for (const { revision } of this.runtimes.values()) {
      if (revision.model === payload.model && revision.alias === payload.alias) {
        this.followAlias(revision.deployment, payload.alias, payload.version, payload.call);
      }
    }
  }

  async createDeployment(input: NewDeployment, call: CallContext): Promise<Deployment> {
    checkDeploymentName(input?.name);
    checkDeploymentTarget(input);
    return this.runtimes.exclusive(input.name, async () => {
      if (this.runtimes.get(input.name) !== undefined) {
        throw new AlreadyExistsError(`deployment "${input.name}" already exists`, { field: 'name' });
      }
      const plan = this.plan({
        deployment: input.name,
        model: input.model,
        ...(input.alias === undefined ? {} : { alias: input.alias }),
        version: input.version ?? 0,
        environment: input.environment ?? this.environments[0]!,
        backend: input.backend ?? this.deps.options.defaultBackend,
        backendOptions: input.backendOptions ?? {},
        reason: input.reason ?? 'created',
      });
      const created = await this.rollout(plan, undefined, call);
      // The auth plugin grants the creator MANAGE on it.
      this.deps.hooks.emit(ResourceCreated, { kind: 'deployment', id: input.name, call });
      return created;
    });
  }

  async updateDeployment(name: string, update: DeploymentUpdate, call: CallContext): Promise<Deployment> {
    return this.runtimes.exclusive(name, async () => {
      const current = await this.deps.store.current(name);
      const changesModel =
        update.model !== undefined || update.alias !== undefined || update.version !== undefined;
      // EDIT on the deployment is checked by its route; serving another model (or another version)
      // also needs READ on that model, as creating a deployment of it does.
      if (changesModel) await this.checkModelReadable(update.model ?? current.model, call);
      return this.rollout(this.plan(planUpdate(current, update)), current, call);
    });
  }

  /** @throws PermissionDeniedError when an Auth provider says the caller may not read `model` (or fails). */
  private async checkModelReadable(model: string, call: CallContext): Promise<void> {
    const auth = this.deps.auth?.();
    if (auth === undefined) return;
    let allowed = false;
    try {
      allowed = await auth.authorize(call.principal, 'READ', { kind: 'registeredModel', id: model });
    } catch {
      allowed = false;
    }
    if (!allowed) {
      throw new PermissionDeniedError(`"${call.principal.id}" may not READ registeredModel "${model}"`, {
        field: 'model',
        reason: 'forbidden',
      });
    }
  }

  async getDeployment(name: string, _call: CallContext): Promise<Deployment> {
    return this.view(await this.deps.store.current(name));
  }

  async listDeployments(query: { readonly environment?: string }, call: CallContext): Promise<Deployment[]> {
    if (query.environment !== undefined) this.checkEnvironment(query.environment);
    const all = await this.deps.store.currentAll(
      await resolveReadScope(this.deps.auth?.(), call, 'deployment'),
    );
    return all
      .filter((r) => query.environment === undefined || r.environment === query.environment)
      .map((r) => this.view(r));
  }

  async listRevisions(name: string, _call: CallContext): Promise<DeploymentRevision[]> {
    return this.deps.store.revisions(name);
  }

  async rollback(
    name: string,
    options: { readonly toRevision?: number; readonly reason?: string },
    call: CallContext,
  ): Promise<Deployment> {
    return this.runtimes.exclusive(name, async () => {
      const revisions = await this.deps.store.revisions(name);
      const plan = this.plan(planRollback(revisions, options));
      return this.rollout(plan, revisions.at(-1), call, { exactVersion: true });
    });
  }

  async deleteDeployment(name: string, call: CallContext): Promise<void> {
    await this.runtimes.exclusive(name, async () => {
      await this.deps.store.delete(name);
      this.deps.hooks.emit(ResourceDeleted, { kind: 'deployment', id: name, call });
      const runtime = this.runtimes.get(name);
      this.runtimes.delete(name);
      if (runtime?.live !== undefined) this.runtimes.retire(runtime.live);
      if (runtime?.experiment !== undefined) this.runtimes.retire(runtime.experiment.challenger);
      for (const model of runtime?.abTest?.models.values() ?? []) this.runtimes.retire(model);
    });
  }

  predict(
    name: string,
    request: InferenceRequest,
    call: CallContext,
    options: PredictOptions = {},
  ): Promise<InferenceResponse> {
    return this.traffic.predict(name, request, call, options);
  }

  startExperiment(name: string, input: NewTrafficExperiment, call: CallContext): Promise<TrafficExperiment> {
    return this.experimentsCtl.start(name, input, call);
  }

  getExperiment(name: string, _call: CallContext): Promise<TrafficExperiment> {
    return this.experimentsCtl.get(name);
  }

  endExperiment(
    name: string,
    options: { readonly promote: boolean; readonly reason?: string },
    call: CallContext,
  ): Promise<TrafficExperiment> {
    return this.experimentsCtl.end(name, options, call);
  }

  startAbTest(name: string, input: NewAbTest, call: CallContext): Promise<AbTest> {
    return this.abTestsCtl.start(name, input, call);
  }

  getAbTest(name: string, id: string, _call: CallContext): Promise<AbTest> {
    return this.abTestsCtl.get(name, id);
  }

  listAbTests(name: string, _call: CallContext): Promise<AbTest[]> {
    return this.abTestsCtl.list(name);
  }

  recordAbOutcome(
    name: string,
    id: string,
    outcome: { readonly requestId: string; readonly value: number },
    _call: CallContext,
  ): Promise<void> {
    return this.abTestsCtl.recordOutcome(name, id, outcome);
  }

  abTestReport(name: string, id: string, _call: CallContext): Promise<AbTestReport> {
    return this.abTestsCtl.report(name, id);
  }

  decideAbTest(
    name: string,
    id: string,
    options: { readonly reason?: string },
    call: CallContext,
  ): Promise<AbTestReport> {
    return this.abTestsCtl.decide(name, id, options.reason, call);
  }

  endAbTest(
    name: string,
    id: string,
    options: { readonly reason?: string },
    _call: CallContext,
  ): Promise<AbTest> {
    return this.abTestsCtl.end(name, id, options.reason);
  }

  metadata(name: string, _call: CallContext): Promise<DeploymentMetadata> {
    return this.traffic.metadata(name);
  }

  private view(revision: DeploymentRevision): Deployment {
    const runtime = this.runtimes.get(revision.deployment);
    const live = runtime?.live;
    return {
      ...revision,
      state: runtime?.state ?? 'loading',
      ...(runtime?.message === undefined ? {} : { stateMessage: runtime.message }),
      inputs: live?.loaded.inputs ?? [],
      outputs: live?.loaded.outputs ?? [],
    };
  }

  /** Checks a plan's environment, backend and options (filling the backend's defaults). */
  private plan(plan: RolloutPlan): RolloutPlan {
    this.checkEnvironment(plan.environment);
    const backend = this.backend(plan.backend);
    return {
      deployment: plan.deployment,
      model: plan.model,
      ...(plan.alias === undefined ? {} : { alias: plan.alias }),
      version: plan.version,
      environment: plan.environment,
      backend: plan.backend,
      backendOptions: this.validator.check(backend, plan.backendOptions),
      reason: plan.reason,
    };
  }

  private checkEnvironment(environment: string): void {
    if (!this.environments.includes(environment)) {
      throw new InvalidArgumentError(
        `environment "${environment}" is not configured (environments: ${this.environments.join(', ')})`,
        { field: 'environment' },
      );
    }
  }

  private backend(name: string): ServingBackend {
    const backends = this.deps.backends();
    const found = backends.find((b) => b.name === name);
    if (found === undefined) {
      throw new InvalidArgumentError(
        `backend "${name}" is not configured (backends: ${backends.map((b) => b.name).join(', ')})`,
        { field: 'backend' },
      );
    }
    return found;
  }

  /** Resolves the version, asks the interceptors, loads and warms up, records, switches, drains. */
  private async rollout(
    plan: RolloutPlan,
    current: DeploymentRevision | undefined,
    call: CallContext,
    options: { readonly exactVersion?: boolean } = {},
  ): Promise<Deployment> {
    const resolved = await this.resolveVersion(plan, options.exactVersion === true, call);
    const decided = await interceptRollout(this.deps.hooks, plan, current, resolved, call);
    const version =
      decided.to.model === resolved.model && decided.to.version === resolved.version
        ? resolved
        : await this.deps.registry.getVersion(decided.to, call);
    await this.checkPromotionOrder(plan, version);
    const loaded = await loadReadyModel(
      this.backend(plan.backend),
      plan,
      version,
      this.deps.options.readyTimeoutMs,
    );
    let revision: DeploymentRevision;
    try {
      const record: NewRevision = {
        ...plan,
        model: version.model,
        version: version.version,
        ...(loaded.artifactSha256 === undefined ? {} : { artifactSha256: loaded.artifactSha256 }),
        createdBy: call.principal.id,
        createdAt: Date.now(),
      };
      revision =
        current === undefined
          ? await this.deps.store.create(record)
          : await this.deps.store.append(record, current.revision);
    } catch (err) {
      await loaded.unload();
      throw err;
    }
    this.switchTo(revision, loaded);
    this.deps.hooks.emit(DeploymentRolledOut, {
      ...decided,
      to: { model: version.model, version: version.version },
    });
    this.deps.logger.info(
      {
        deployment: plan.deployment,
        revision: revision.revision,
        model: version.model,
        version: version.version,
      },
      `deployment ${plan.deployment} now serves ${version.model}/${version.version} (revision ${revision.revision}: ${plan.reason})`,
    );
    return this.view(revision);
  }

  private async resolveVersion(plan: RolloutPlan, exact: boolean, call: CallContext): Promise<ModelVersion> {
    const version =
      plan.alias !== undefined && !exact
        ? await this.deps.registry.resolveModelUri(`models:/${plan.model}@${plan.alias}`, call)
        : await this.deps.registry.getVersion({ model: plan.model, version: plan.version }, call);
    if (version.status !== 'READY') {
      throw new FailedPreconditionError(
        `${version.model}/${version.version} is ${version.status}, and only READY versions are deployed`,
        { field: 'version' },
      );
    }
    return version;
  }

  private async checkPromotionOrder(plan: RolloutPlan, version: ModelVersion): Promise<void> {
    if (!this.deps.options.promotionOrder) return;
    const index = this.environments.indexOf(plan.environment);
    if (index <= 0) return;
    const previous = this.environments[index - 1]!;
    if (!(await this.deps.store.servedIn(version.model, version.version, previous))) {
      throw new FailedPreconditionError(
        `${version.model}/${version.version} cannot be deployed to ${plan.environment}: no deployment in ${previous} has served it`,
        { field: 'environment', reason: 'promotion_order' },
      );
    }
  }

  private predictorOf(revision: DeploymentRevision, loaded: LoadedModel): Predictor {
    return (
      this.deps.predictor?.(revision, loaded) ?? {
        run: (request: InferenceRequest) => loaded.predict(request),
        close: async () => {},
      }
    );
  }

  private switchTo(revision: DeploymentRevision, loaded: LoadedModel): void {
    const predictor = this.predictorOf(revision, loaded);
    const runtime = this.runtimes.get(revision.deployment);
    const next = new LiveModel(revision, loaded, predictor.run, () => predictor.close());
    const old = runtime?.live;
    // One assignment: requests that already hold the old model finish on it, new ones get the new one.
    this.runtimes.set(revision.deployment, {
      revision,
      live: next,
      state: 'ready',
      ...(runtime?.experiment === undefined ? {} : { experiment: runtime.experiment }),
      ...(runtime?.abTest === undefined ? {} : { abTest: runtime.abTest }),
    });
    if (old !== undefined) this.runtimes.retire(old);
  }

  private async restore(revision: DeploymentRevision): Promise<void> {
    const runtime: Runtime = { revision, state: 'loading' };
    this.runtimes.set(revision.deployment, runtime);
    try {
      const call = systemCall('serving:start');
      const version = await this.deps.registry.getVersion(
        { model: revision.model, version: revision.version },
        call,
      );
      const plan = this.plan({ ...revision });
      const loaded = await loadReadyModel(
        this.backend(plan.backend),
        plan,
        version,
        this.deps.options.readyTimeoutMs,
      );
      this.switchTo(revision, loaded);
    } catch (err) {
      runtime.state = 'failed';
      runtime.message = (err as Error).message;
      this.deps.logger.error(
        { deployment: revision.deployment, err: runtime.message },
        `deployment ${revision.deployment} failed to load`,
      );
    }
  }

  private followAlias(name: string, alias: string, version: number, call: CallContext): void {
    const work = this.runtimes.exclusive(name, async () => {
      const current = await this.deps.store.current(name);
      if (current.alias !== alias || current.version === version) return;
      const plan = this.plan({
        ...current,
        version,
        reason: `alias "${alias}" moved from version ${current.version} to ${version}`,
      });
      await this.rollout(plan, current, call);
    });
    this.runtimes.track(
      work.catch((err: unknown) => {
        this.deps.logger.warn(
          { deployment: name, alias, version, err: (err as Error).message },
          `deployment ${name} keeps its model: following alias "${alias}" to version ${version} failed: ${(err as Error).message}`,
        );
      }),
    );
  }
}
