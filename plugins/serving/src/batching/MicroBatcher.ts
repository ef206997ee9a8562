import {
  type InferenceRequest,
  type InferenceResponse,
  type LoadedModel,
  UnavailableError,
} from '@mlops/plugin-api';
import type { ServingMetrics } from '../ServingMetrics.js';
import type { BatchPolicy, DispatchReason } from './BatchPolicy.js';
import { batchKey, concatRequests, isBatchable, rowsOf, splitResponse } from './concatRequests.js';

/** Limits of a deployment's queue. */
export interface QueueLimits {
  /** Requests that may wait; one more is refused with 503 and `Retry-After`. */
  readonly maxQueued: number;
  /** A request not answered within this time (queue included) fails with 503. */
  readonly timeoutMs: number;
  /** Batches that may run on the model at once. */
  readonly maxConcurrentBatches: number;
}

interface Item {
  readonly request: InferenceRequest;
  readonly key: string;
  readonly rows: number;
  readonly enqueuedAt: number;
  readonly resolve: (response: InferenceResponse) => void;
  readonly reject: (err: unknown) => void;
  timer?: NodeJS.Timeout;
  settled: boolean;
}

/**
 * A deployment's request queue in front of one loaded model: requests wait here, and the batch
 * policy decides when they go to the model and how many are stacked into one call. Requests that
 * cannot share a batch (other trailing shapes or outputs) wait for their own.
 */
export class MicroBatcher {
  private readonly queue: Item[] = [];
  private readonly batchable: boolean;
  private running = 0;
  private arrivals = 0;
  private checkScheduled = false;
  private recheckTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly deployment: string,
    private readonly model: LoadedModel,
    private readonly policy: BatchPolicy,
    private readonly limits: QueueLimits,
    private readonly metrics?: ServingMetrics,
  ) {
    this.batchable = policy.maxBatchSize > 1 && isBatchable(model.inputs, model.outputs);
  }

  /**
   * Queues a checked request (flat data) and resolves with its own answer.
   * @throws UnavailableError when the queue is full (`details.retryAfterSeconds`), when the request
   * times out, or after `close`.
   */
  submit(request: InferenceRequest): Promise<InferenceResponse> {
    if (this.closed) {
      return Promise.reject(
        new UnavailableError(`deployment "${this.deployment}" is switching models`, { retryAfterSeconds: 1 }),
      );
    }
    if (this.queue.length >= this.limits.maxQueued) {
      return Promise.reject(
        new UnavailableError(
          `deployment "${this.deployment}" is over capacity: ${this.queue.length} requests are queued`,
          { reason: 'queue_full', retryAfterSeconds: 1 },
        ),
      );
    }
    return new Promise<InferenceResponse>((resolve, reject) => {
      const item: Item = {
        request,
        key: this.batchable ? batchKey(request) : '',
        rows: rowsOf(request),
        enqueuedAt: performance.now(),
        resolve,
        reject,
        settled: false,
      };
      if (this.limits.timeoutMs > 0) item.timer = setTimeout(() => this.expire(item), this.limits.timeoutMs);
      this.queue.push(item);
      this.arrivals++;
      this.metrics?.depth(this.deployment, this.queue.length);
      this.scheduleCheck();
    });
  }

  /** Requests waiting now. */
  get queued(): number {
    return this.queue.length;
  }

  /** Refuses new requests; those queued still run. Resolves when the queue is empty and no batch runs. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.running > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    clearTimeout(this.recheckTimer);
  }

  // Checks run on setImmediate, after the event loop has read every request that arrived in this
  // turn, so they can join one batch (onnxruntime-node runs a model on the main thread).
  private scheduleCheck(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      this.check();
    });
  }

  private check(): void {
    while (this.running < this.limits.maxConcurrentBatches && this.queue.length > 0) {
      const decision = this.policy.decide({
        queued: this.queue.length,
        oldestWaitMs: performance.now() - this.queue[0]!.enqueuedAt,
        arrivedSinceLastCheck: this.arrivals,
        busy: this.running > 0,
      });
      this.arrivals = 0;
      if (!decision.dispatch) {
        if (decision.recheckInMs <= 0) this.scheduleCheck();
        else {
          clearTimeout(this.recheckTimer);
          this.recheckTimer = setTimeout(() => this.check(), decision.recheckInMs);
        }
        return;
      }
      void this.run(this.take(this.batchable ? Math.max(1, decision.size) : 1), decision.reason);
    }
  }

  /** Up to `size` queued items that share the oldest one's key, oldest first. */
  private take(size: number): Item[] {
    const key = this.queue[0]!.key;
    const taken: Item[] = [];
    for (let i = 0; i < this.queue.length && taken.length < size; ) {
      if (this.queue[i]!.key === key) taken.push(...this.queue.splice(i, 1));
      else i++;
    }
    this.metrics?.depth(this.deployment, this.queue.length);
    return taken;
  }

  private async run(items: Item[], reason: DispatchReason): Promise<void> {
    this.running++;
    const now = performance.now();
    this.metrics?.batch(
      this.deployment,
      reason,
      items.length,
      items.map((i) => (now - i.enqueuedAt) / 1000),
    );
    try {
      if (items.length === 1) {
        this.settle(items[0]!, await this.model.predict(items[0]!.request));
      } else {
        const answer = await this.model.predict(concatRequests(items.map((i) => i.request)));
        const parts = splitResponse(
          answer,
          items.map((i) => i.rows),
        );
        items.forEach((item, i) => {
          this.settle(item, {
            ...parts[i]!,
            ...(item.request.id === undefined ? {} : { id: item.request.id }),
          });
        });
      }
    } catch (err) {
      for (const item of items) this.fail(item, err);
    } finally {
      this.running--;
      if (this.queue.length > 0) this.scheduleCheck();
    }
  }

  private settle(item: Item, response: InferenceResponse): void {
    if (item.settled) return;
    item.settled = true;
    clearTimeout(item.timer);
    item.resolve(response);
  }

  private fail(item: Item, err: unknown): void {
    if (item.settled) return;
    item.settled = true;
    clearTimeout(item.timer);
    item.reject(err);
  }

  private expire(item: Item): void {
    const index = this.queue.indexOf(item);
    if (index >= 0) this.queue.splice(index, 1);
    this.fail(
      item,
      new UnavailableError(
        `deployment "${this.deployment}" did not answer within ${this.limits.timeoutMs} ms`,
        {
          reason: 'timeout',
          retryAfterSeconds: 1,
        },
      ),
    );
  }
}
