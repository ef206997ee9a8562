import {
  FailedPreconditionError,
  type InferenceRequest,
  type InferenceResponse,
  type LoadedModel,
  type TensorSpec,
} from '@mlops/plugin-api';
import type { BentoServiceClient } from './BentoServiceClient.js';
import { bentoAnswerToTensors } from './bentoAnswerToTensors.js';
import { requestToBentoBody } from './requestToBentoBody.js';

/** What a {@link RemoteBentoModel} calls and how it describes itself. */
export interface RemoteBentoModelInit {
  readonly client: BentoServiceClient;
  readonly apiName: string;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly modelName: string;
  readonly modelVersion: string;
  /** Run once by `unload` (delete a cloud deployment, say). */
  readonly release: () => Promise<void>;
}

/** A model version served by a BentoML service: predictions are `POST /<apiName>` calls. */
export class RemoteBentoModel implements LoadedModel {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  private unloading: Promise<void> | undefined;

  constructor(private readonly init: RemoteBentoModelInit) {
    this.inputs = init.inputs;
    this.outputs = init.outputs;
  }

  /** The service's base URL. */
  get url(): string {
    return this.init.client.url;
  }

  /** True when the service answers 200 on both `/livez` and `/readyz`, and the model is not unloaded. */
  async ready(): Promise<boolean> {
    if (this.unloading !== undefined) return false;
    const [live, ready] = await Promise.all([this.init.client.live(), this.init.client.ready()]);
    return live && ready;
  }

  /**
   * Converts the request to the API's JSON parameters, calls it, and converts the answer back.
   * @throws InvalidArgumentError naming the input for a bad tensor (checked here, or refused by
   * the service with a 400); UnavailableError when the service is down, slow or failing (5xx);
   * FailedPreconditionError after `unload`.
   */
  async predict(request: InferenceRequest): Promise<InferenceResponse> {
    this.checkLoaded();
    const body = requestToBentoBody(request, this.inputs);
    const answer = await this.init.client.call(this.init.apiName, body);
    const outputs = bentoAnswerToTensors(
      answer,
      this.outputs,
      request.outputs,
      `the BentoML service at ${this.url}`,
    );
    return {
      ...(request.id === undefined ? {} : { id: request.id }),
      modelName: this.init.modelName,
      modelVersion: this.init.modelVersion,
      outputs,
    };
  }

  /** The service's own Prometheus metrics (`GET /metrics`). @throws UnavailableError when not served. */
  scrapeMetrics(): Promise<string> {
    this.checkLoaded();
    return this.init.client.metrics();
  }

  /** Releases the service (see the backend's `onUnload`); later calls fail. Safe to call twice. */
  unload(): Promise<void> {
    this.unloading ??= this.init.release();
    return this.unloading;
  }

  private checkLoaded(): void {
    if (this.unloading !== undefined) {
      throw new FailedPreconditionError(
        `model ${this.init.modelName} version ${this.init.modelVersion} on ${this.url} is unloaded`,
        { reason: 'unloaded' },
      );
    }
  }
}
