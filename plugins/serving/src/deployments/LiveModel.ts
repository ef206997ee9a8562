import type { DeploymentRevision, InferenceRequest, InferenceResponse, LoadedModel } from '@mlops/plugin-api';

/** How a live model runs one checked request: straight to the model, or through a batcher. */
export type PredictFn = (request: InferenceRequest) => Promise<InferenceResponse>;

/**
 * One loaded model version answering a deployment's traffic. It counts requests in flight, so a
 * rollout can switch traffic to a new one at once and unload this one only when it has drained.
 */
export class LiveModel {
  private inFlight = 0;
  private onDrained: (() => void) | undefined;

  constructor(
    readonly revision: DeploymentRevision,
    readonly loaded: LoadedModel,
    private readonly run: PredictFn,
    /** Called once the model is retired and drained, before it unloads (a batcher stops). */
    private readonly close: () => Promise<void> = async () => {},
  ) {}

  /** The requests in flight right now. */
  get pending(): number {
    return this.inFlight;
  }

  /** Runs a request; it counts as in flight until it settles. */
  async predict(request: InferenceRequest): Promise<InferenceResponse> {
    this.inFlight++;
    try {
      return await this.run(request);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.onDrained?.();
    }
  }

  /**
   * Waits for the requests in flight (at most `timeoutMs`: a stuck one must not pin the old model
   * for ever), then unloads. Returns how many were still in flight when it gave up waiting.
   */
  async retire(timeoutMs: number): Promise<number> {
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.onDrained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const left = this.inFlight;
    await this.close();
    await this.loaded.unload();
    return left;
  }
}
