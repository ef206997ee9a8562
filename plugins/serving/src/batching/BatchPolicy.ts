/** Why a batch was sent to the model. */
export type DispatchReason = 'size' | 'timeout' | 'idle';

/** What a policy sees of a deployment's queue when it decides. */
export interface BatchQueueState {
  /** Requests waiting, in arrival order. */
  readonly queued: number;
  /** How long the oldest waiting request has waited. */
  readonly oldestWaitMs: number;
  /** Requests that arrived since the policy was last asked: the queue is still filling when > 0. */
  readonly arrivedSinceLastCheck: number;
  /** Whether a batch is running on the model now. */
  readonly busy: boolean;
}

/** A policy's answer: send this many now, for this reason; or ask again later. */
export type BatchDecision =
  | { readonly dispatch: true; readonly size: number; readonly reason: DispatchReason }
  | { readonly dispatch: false; readonly recheckInMs: number };

/**
 * Decides when a deployment's queued requests go to the model, and how many together. The
 * batcher asks it whenever a request arrives, a batch ends or a recheck is due.
 */
export interface BatchPolicy {
  /** The most requests in one batch. */
  readonly maxBatchSize: number;
  decide(state: BatchQueueState): BatchDecision;
}

/**
 * Adaptive micro-batching: a batch goes when it is full (`size`), when the oldest request has
 * waited `maxWaitMs` (`timeout`), or as soon as the model is free and no more requests arrived in
 * the last turn of the event loop (`idle`). Light traffic thus waits for nothing, and heavy traffic
 * fills batches while the model works.
 */
export class AdaptiveBatchPolicy implements BatchPolicy {
  constructor(
    readonly maxBatchSize: number,
    private readonly maxWaitMs: number,
  ) {}

  decide(state: BatchQueueState): BatchDecision {
    const size = Math.min(state.queued, this.maxBatchSize);
    if (state.queued >= this.maxBatchSize) return { dispatch: true, size, reason: 'size' };
    if (state.oldestWaitMs >= this.maxWaitMs) return { dispatch: true, size, reason: 'timeout' };
    if (!state.busy && state.arrivedSinceLastCheck === 0) return { dispatch: true, size, reason: 'idle' };
    return { dispatch: false, recheckInMs: 0 };
  }
}

/**
 * A fixed window: a batch goes when it is full or when its oldest request has waited `maxWaitMs`,
 * idle model or not (as Triton's `max_queue_delay`). Larger batches, more latency.
 */
export class WindowBatchPolicy implements BatchPolicy {
  constructor(
    readonly maxBatchSize: number,
    private readonly maxWaitMs: number,
  ) {}

  decide(state: BatchQueueState): BatchDecision {
    const size = Math.min(state.queued, this.maxBatchSize);
    if (state.queued >= this.maxBatchSize) return { dispatch: true, size, reason: 'size' };
    if (state.oldestWaitMs >= this.maxWaitMs) return { dispatch: true, size, reason: 'timeout' };
    return { dispatch: false, recheckInMs: this.maxWaitMs - state.oldestWaitMs };
  }
}

/** No batching: each request goes alone, as soon as the model is free. */
export class UnbatchedPolicy implements BatchPolicy {
  readonly maxBatchSize = 1;

  decide(state: BatchQueueState): BatchDecision {
    return { dispatch: true, size: Math.min(1, state.queued), reason: state.busy ? 'size' : 'idle' };
  }
}
