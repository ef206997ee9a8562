import { randomUUID } from 'node:crypto';
import {
  type AbTest,
  type AbTestReport,
  type CallContext,
  ConflictError,
  type DeploymentRevision,
  FailedPreconditionError,
  type Hooks,
  type InferenceRequest,
  type InferenceResponse,
  InvalidArgumentError,
  type Logger,
  type ModelVersion,
  type NewAbTest,
  NotFoundError,
  systemCall,
} from '@mlops/plugin-api';
import type { DeploymentRuntimes, Runtime } from '../deployments/DeploymentRuntimes.js';
import { interceptRollout } from '../deployments/interceptRollout.js';
import type { LiveModel } from '../deployments/LiveModel.js';
import type { PredictionLogger } from '../PredictionLogger.js';
import type { AbTestStore } from './AbTestStore.js';
import { AssignmentLog } from './AssignmentLog.js';
import { abSampleSize } from './abSampleSize.js';
import { abTestReport } from './abTestReport.js';
import { checkNewAbTest } from './checkNewAbTest.js';
import { type PromoteDeps, promoteVersion } from './promoteVersion.js';
import { RunningAbTest } from './RunningAbTest.js';

/** What A/B tests need from the deployment service (as canary and shadow experiments do). */
export interface AbTestControllerDeps extends PromoteDeps {
  readonly runtimes: DeploymentRuntimes;
  readonly tests: AbTestStore;
  readonly hooks: Hooks;
  readonly logger: Logger;
  readonly predictionLog?: PredictionLogger;
  resolveVersion(revision: DeploymentRevision, version: number, call: CallContext): Promise<ModelVersion>;
  loadChallenger(revision: DeploymentRevision, version: ModelVersion): Promise<LiveModel>;
}

/** A/B tests: starting, routing and logging assignments, outcomes, reports and decisions. */
export class AbTestController {
  private readonly log: AssignmentLog;

  constructor(private readonly deps: AbTestControllerDeps) {
    this.log = new AssignmentLog(deps.tests, deps.logger);
  }

  async start(name: string, input: NewAbTest, call: CallContext): Promise<AbTest> {
    const checked = checkNewAbTest(input);
    const { runtimes } = this.deps;
    return runtimes.exclusive(name, async () => {
      const runtime = this.runtimeOf(name);
      const busy = runtime.abTest?.test.id ?? runtime.experiment?.config.kind;
      if (busy !== undefined) {
        throw new FailedPreconditionError(
          `deployment "${name}" already runs ${runtime.abTest === undefined ? `a ${busy}` : `A/B test ${busy}`}`,
          { field: 'name' },
        );
      }
      if (runtime.live === undefined) {
        throw new FailedPreconditionError(`deployment "${name}" is not ready`, { field: 'name' });
      }
      const test: AbTest = {
        id: randomUUID(),
        deployment: name,
        ...checked,
        sampleSizePerArm: abSampleSize({ ...checked, alpha: checked.alpha / (checked.arms.length - 1) }),
        status: 'running',
        startedBy: call.principal.id,
        startedAt: Date.now(),
      };
      await this.attach(runtime, test, call, true);
      await this.deps.tests.create(test);
      return test;
    });
  }

  get(name: string, id: string): Promise<AbTest> {
    return this.deps.tests.get(name, id);
  }

  list(name: string): Promise<AbTest[]> {
    this.runtimeOf(name);
    return this.deps.tests.list(name);
  }

  async recordOutcome(
    name: string,
    id: string,
    outcome: { readonly requestId: string; readonly value: number },
  ): Promise<void> {
    const test = await this.deps.tests.get(name, id);
    if (test.status !== 'running') {
      throw new FailedPreconditionError(`A/B test ${id} is ${test.status}, and takes no more outcomes`, {
        field: 'id',
      });
    }
    const { requestId, value } = outcome;
    if (typeof requestId !== 'string' || requestId === '') {
      throw new InvalidArgumentError('requestId must name a request', { field: 'requestId' });
    }
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (test.metric === 'rate' && value !== 0 && value !== 1)
    ) {
      const expected = test.metric === 'rate' ? '0 or 1 (a rate metric)' : 'a finite number';
      throw new InvalidArgumentError(`value must be ${expected}, got ${String(value)}`, { field: 'value' });
    }
    await this.log.flush();
    const assignment = await this.deps.tests.assignment(id, requestId);
    if (assignment === undefined) {
      throw new NotFoundError(`request "${requestId}" was not assigned by A/B test ${id}`, {
        field: 'requestId',
      });
    }
    if (
      assignment.outcome !== null ||
      !(await this.deps.tests.setOutcome(id, requestId, value, Date.now()))
    ) {
      const recorded = assignment.outcome ?? (await this.deps.tests.assignment(id, requestId))?.outcome;
      if (recorded === value) return;
      throw new ConflictError(
        `request "${requestId}" already has the outcome ${recorded} in A/B test ${id}`,
        {
          field: 'requestId',
        },
      );
    }
  }

  async report(name: string, id: string): Promise<AbTestReport> {
    const test = await this.deps.tests.get(name, id);
    await this.log.flush();
    const [assigned, outcomes] = await Promise.all([
      this.deps.tests.assignedPerArm(id),
      this.deps.tests.outcomesPerArm(id),
    ]);
    return abTestReport(test, assigned, outcomes);
  }

  /** Ends the test on its report, rolling a winner other than the control out. */
  async decide(
    name: string,
    id: string,
    reason: string | undefined,
    call: CallContext,
  ): Promise<AbTestReport> {
    return this.deps.runtimes.exclusive(name, async () => {
      const report = await this.report(name, id);
      const { test } = report;
      if (test.status !== 'running') {
        throw new FailedPreconditionError(`A/B test ${id} is ${test.status} already`, { field: 'id' });
      }
      if (!report.enoughData)
        throw new FailedPreconditionError(report.conclusion, { field: 'id', reason: 'not_enough_data' });
      const winner = test.arms.find((a) => a.name === report.winner);
      const control = test.arms[0]!;
      const running = this.deps.runtimes.get(name)?.abTest;
      // From here all traffic goes to the live model, so the promotion's switch does not carry the test.
      const runtime = this.deps.runtimes.get(name);
      if (runtime?.abTest === running) runtime!.abTest = undefined;
      const promote = winner !== undefined && winner !== control;
      if (promote) {
        const why = reason ?? `A/B test ${id}: ${report.conclusion}`;
        try {
          await promoteVersion(this.deps, name, winner.version, why, call);
        } catch (err) {
          const now = this.deps.runtimes.get(name);
          if (running !== undefined && now !== undefined && now.abTest === undefined) now.abTest = running;
          throw err;
        }
      }
      for (const model of running?.models.values() ?? []) this.deps.runtimes.retire(model);
      const end = {
        status: promote ? ('promoted' as const) : ('ended' as const),
        statusReason: reason ?? report.conclusion,
        ...(report.winner === undefined ? {} : { winner: report.winner }),
        endedAt: Date.now(),
      };
      await this.deps.tests.finish(id, end);
      return { ...report, test: { ...test, ...end } };
    });
  }

  async end(name: string, id: string, reason: string | undefined): Promise<AbTest> {
    return this.deps.runtimes.exclusive(name, async () => {
      const test = await this.deps.tests.get(name, id);
      if (test.status !== 'running') {
        throw new FailedPreconditionError(`A/B test ${id} is ${test.status} already`, { field: 'id' });
      }
      const running = this.deps.runtimes.get(name)?.abTest;
      if (running?.test.id === id) this.detach(name, running);
      await this.log.flush();
      const end = {
        status: 'ended' as const,
        statusReason: reason ?? 'ended by a call',
        endedAt: Date.now(),
      };
      await this.deps.tests.finish(id, end);
      return { ...test, ...end };
    });
  }

  /** Answers a checked request of a deployment that runs `running`, from the request's arm. */
  async predict(
    runtime: Runtime,
    running: RunningAbTest,
    live: LiveModel,
    request: InferenceRequest & { readonly id: string },
    key: string,
    call: CallContext,
  ): Promise<InferenceResponse> {
    const started = performance.now();
    const { answer, version } = await running.predict(request, key, live);
    const response = {
      ...answer,
      id: request.id,
      modelName: runtime.revision.deployment,
      modelVersion: String(version),
    };
    const revision = { ...live.revision, version };
    this.deps.predictionLog?.record(
      revision,
      request,
      response,
      performance.now() - started,
      call.principal.id,
    );
    return response;
  }

  /** Loads the arms of the running tests again (at start); a test whose arms cannot load is ended. */
  async restore(): Promise<void> {
    for (const test of await this.deps.tests.running()) {
      const runtime = this.deps.runtimes.get(test.deployment);
      if (runtime?.live === undefined) continue;
      try {
        await this.attach(runtime, test, systemCall('serving:start'), false);
      } catch (err) {
        const reason = `the arms could not be loaded at start: ${(err as Error).message}`;
        this.deps.logger.error(
          { deployment: test.deployment },
          `A/B test ${test.id} of ${test.deployment} ended: ${reason}`,
        );
        await this.deps.tests.finish(test.id, { status: 'ended', statusReason: reason, endedAt: Date.now() });
      }
    }
  }

  /** Writes the assignments still buffered. */
  stop(): Promise<void> {
    return this.log.flush();
  }

  private runtimeOf(name: string): Runtime {
    const runtime = this.deps.runtimes.get(name);
    if (runtime === undefined)
      throw new NotFoundError(`deployment "${name}" does not exist`, { field: 'name' });
    return runtime;
  }

  /** Loads every arm but the live one (each through the rollout gates when `gate`), then routes traffic. */
  private async attach(runtime: Runtime, test: AbTest, call: CallContext, gate: boolean): Promise<void> {
    const liveVersion = runtime.live?.revision.version;
    const models = new Map<string, LiveModel>();
    try {
      for (const arm of test.arms) {
        if (arm.version === liveVersion) continue;
        const version = await this.deps.resolveVersion(runtime.revision, arm.version, call);
        // An arm answers real traffic, so the rollout gates decide, as for a canary.
        if (gate) await interceptRollout(this.deps.hooks, runtime.revision, runtime.revision, version, call);
        models.set(arm.name, await this.deps.loadChallenger(runtime.revision, version));
      }
    } catch (err) {
      for (const model of models.values()) this.deps.runtimes.retire(model);
      throw err;
    }
    runtime.abTest = new RunningAbTest(test, models, this.log);
  }

  private detach(name: string, running: RunningAbTest): void {
    const runtime = this.deps.runtimes.get(name);
    if (runtime?.abTest !== running) return;
    runtime.abTest = undefined;
    for (const model of running.models.values()) this.deps.runtimes.retire(model);
  }
}
