import type { DeploymentRevision, InferenceRequest, LoadedModel } from '@mlops/plugin-api';
import {
  AdaptiveBatchPolicy,
  type BatchPolicy,
  UnbatchedPolicy,
  WindowBatchPolicy,
} from './batching/BatchPolicy.js';
import { MicroBatcher } from './batching/MicroBatcher.js';
import type { Predictor } from './deployments/DeploymentService.js';
import type { BatchingOptions, ServingOptions } from './options.js';
import type { ServingMetrics } from './ServingMetrics.js';
import { CircuitBreaker } from './traffic/CircuitBreaker.js';
import { PredictionCache } from './traffic/PredictionCache.js';

/** The batch policy the options name. */
export function batchPolicyOf(options: BatchingOptions): BatchPolicy {
  if (options.policy === 'none' || options.maxBatchSize === 1) return new UnbatchedPolicy();
  return options.policy === 'window'
    ? new WindowBatchPolicy(options.maxBatchSize, options.maxWaitMs)
    : new AdaptiveBatchPolicy(options.maxBatchSize, options.maxWaitMs);
}

/**
 * The path of a live model's traffic: the prediction cache (when configured), the circuit breaker
 * (remote backends only: an in-process model that fails is a bug, not an outage), then the queue
 * and its micro-batcher in front of the model.
 */
export function createPredictor(
  options: ServingOptions,
  metrics: ServingMetrics | undefined,
  revision: DeploymentRevision,
  loaded: LoadedModel,
): Predictor {
  const name = revision.deployment;
  const batcher = new MicroBatcher(
    name,
    loaded,
    batchPolicyOf(options.batching),
    {
      maxQueued: options.maxQueued,
      timeoutMs: options.requestTimeoutMs,
      maxConcurrentBatches: options.batching.maxConcurrentBatches,
    },
    metrics,
  );
  const breaker =
    revision.backend === 'onnx'
      ? undefined
      : new CircuitBreaker(`backend "${revision.backend}" of deployment "${name}"`, options.circuitBreaker);
  const cache = options.cacheEntries > 0 ? new PredictionCache(options.cacheEntries) : undefined;
  const submit = (request: InferenceRequest) =>
    breaker === undefined
      ? batcher.submit(request)
      : breaker.run(
          () => batcher.submit(request),
          () => metrics?.circuitRejected(name),
        );
  return {
    async run(request) {
      if (cache === undefined) return submit(request);
      const key = PredictionCache.keyOf(request);
      const hit = cache.get(key);
      metrics?.cacheLookup(name, hit !== undefined);
      if (hit !== undefined) return { ...hit, ...(request.id === undefined ? {} : { id: request.id }) };
      const answer = await submit(request);
      cache.set(key, answer);
      return answer;
    },
    close: () => batcher.close(),
  };
}
