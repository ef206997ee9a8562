import { randomUUID } from 'node:crypto';
import {
  type CallContext,
  type DeploymentMetadata,
  type InferenceRequest,
  type InferenceResponse,
  isMlopsError,
  NotFoundError,
  type PredictOptions,
  UnavailableError,
} from '@mlops/plugin-api';
import type { PredictionLogger } from '../PredictionLogger.js';
import type { PredictionOutcome, ServingMetrics } from '../ServingMetrics.js';
import { checkInferenceRequest } from '../tensors/checkInferenceRequest.js';
import type { AbTestController } from '../traffic/AbTestController.js';
import type { ExperimentController } from '../traffic/ExperimentController.js';
import type { DeploymentRuntimes } from './DeploymentRuntimes.js';

/** What the prediction path reads. */
export interface DeploymentTrafficDeps {
  readonly runtimes: DeploymentRuntimes;
  readonly experiments: ExperimentController;
  readonly abTests: AbTestController;
  readonly metrics?: ServingMetrics;
  readonly predictionLog?: PredictionLogger;
}

/**
 * The prediction path of the deployments of this process: finds the live model, checks the
 * request against its signature, sends it through the model's predictor (or the running
 * experiment), counts it and logs it. It reads no database.
 */
export class DeploymentTraffic {
  constructor(private readonly deps: DeploymentTrafficDeps) {}

  async predict(
    name: string,
    request: InferenceRequest,
    call: CallContext,
    options: PredictOptions = {},
  ): Promise<InferenceResponse> {
    const metrics = this.deps.metrics;
    if (metrics === undefined || this.deps.runtimes.get(name) === undefined)
      return this.predictLive(name, request, call, options);
    const started = performance.now();
    let outcome: PredictionOutcome = 'ok';
    try {
      return await this.predictLive(name, request, call, options);
    } catch (err) {
      outcome = isMlopsError(err, 'InvalidArgument')
        ? 'invalid'
        : isMlopsError(err, 'Unavailable')
          ? 'unavailable'
          : 'error';
      throw err;
    } finally {
      metrics.prediction(name, outcome, (performance.now() - started) / 1000);
    }
  }

  private async predictLive(
    name: string,
    request: InferenceRequest,
    call: CallContext,
    options: PredictOptions,
  ): Promise<InferenceResponse> {
    const runtime = this.deps.runtimes.get(name);
    if (runtime === undefined)
      throw new NotFoundError(`deployment "${name}" does not exist`, { field: 'name' });
    const live = runtime.live;
    if (live === undefined) {
      const why =
        runtime.state === 'failed' ? `its model failed to load: ${runtime.message}` : 'its model is loading';
      throw new UnavailableError(`deployment "${name}" is not ready: ${why}`, { reason: 'not_ready' });
    }
    if (options.version !== undefined && options.version !== live.revision.version) {
      throw new NotFoundError(
        `deployment "${name}" serves version ${live.revision.version}, not version ${options.version}`,
        { field: 'version' },
      );
    }
    const checked = checkInferenceRequest(request, live.loaded.inputs, live.loaded.outputs);
    const id = request.id ?? randomUUID();
    const withId = request.id === undefined ? { ...checked, id } : checked;
    const started = performance.now();
    const experiment = runtime.experiment;
    if (experiment !== undefined)
      return this.deps.experiments.predict(runtime, experiment, live, withId, call, options.requestKey);
    if (runtime.abTest !== undefined) {
      const key = options.requestKey ?? id;
      return this.deps.abTests.predict(runtime, runtime.abTest, live, { ...checked, id }, key, call);
    }
    const answer = await live.predict(withId);
    const response = { ...answer, id, modelName: name, modelVersion: String(live.revision.version) };
    this.deps.predictionLog?.record(
      live.revision,
      checked,
      response,
      performance.now() - started,
      call.principal.id,
    );
    return response;
  }

  async metadata(name: string): Promise<DeploymentMetadata> {
    const runtime = this.deps.runtimes.get(name);
    if (runtime === undefined)
      throw new NotFoundError(`deployment "${name}" does not exist`, { field: 'name' });
    const { revision, live } = runtime;
    return {
      name,
      model: revision.model,
      version: live?.revision.version ?? 0,
      backend: revision.backend,
      environment: revision.environment,
      ready: live !== undefined && (await live.loaded.ready().catch(() => false)),
      inputs: live?.loaded.inputs ?? [],
      outputs: live?.loaded.outputs ?? [],
    };
  }
}
