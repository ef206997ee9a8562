import type { Metrics } from '@mlops/plugin-api';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { DispatchReason } from './batching/BatchPolicy.js';

/** How a prediction ended, for the request counter. */
export type PredictionOutcome = 'ok' | 'invalid' | 'unavailable' | 'error';

const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Per-deployment Prometheus metrics in the kernel's registry: predictions and their latency,
 * batch sizes and why each batch was dispatched, queue depth and wait, cache and circuit breaker.
 */
export class ServingMetrics {
  private readonly requests: Counter<'deployment' | 'outcome'>;
  private readonly latency: Histogram<'deployment'>;
  private readonly batches: Counter<'deployment' | 'reason'>;
  private readonly batchSize: Histogram<'deployment'>;
  private readonly queueWait: Histogram<'deployment'>;
  private readonly queueDepth: Gauge<'deployment'>;
  private readonly cache: Counter<'deployment' | 'result'>;
  private readonly breakerRejections: Counter<'deployment'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.requests = new Counter({
      name: 'serving_predictions_total',
      help: 'Predictions answered, by deployment and outcome (ok, invalid, unavailable, error)',
      labelNames: ['deployment', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'serving_prediction_duration_seconds',
      help: 'Time from a prediction request to its answer, queue included',
      labelNames: ['deployment'],
      buckets: latencyBuckets,
      registers,
    });
    this.batches = new Counter({
      name: 'serving_batches_total',
      help: 'Batches sent to the model, by why they were sent: size (full), timeout (max wait), idle (model free)',
      labelNames: ['deployment', 'reason'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'serving_batch_size',
      help: 'Requests per batch sent to the model',
      labelNames: ['deployment'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.queueWait = new Histogram({
      name: 'serving_queue_wait_seconds',
      help: 'Time a request waited in the queue before its batch was sent',
      labelNames: ['deployment'],
      buckets: latencyBuckets,
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'serving_queue_depth',
      help: 'Requests waiting in the queue',
      labelNames: ['deployment'],
      registers,
    });
    this.cache = new Counter({
      name: 'serving_cache_lookups_total',
      help: 'Prediction cache lookups, by result (hit, miss)',
      labelNames: ['deployment', 'result'],
      registers,
    });
    this.breakerRejections = new Counter({
      name: 'serving_circuit_open_rejections_total',
      help: 'Predictions refused at once because the circuit breaker around a remote backend was open',
      labelNames: ['deployment'],
      registers,
    });
  }

  prediction(deployment: string, outcome: PredictionOutcome, seconds: number): void {
    this.requests.inc({ deployment, outcome });
    this.latency.observe({ deployment }, seconds);
  }

  batch(deployment: string, reason: DispatchReason, size: number, waitsSeconds: readonly number[]): void {
    this.batches.inc({ deployment, reason });
    this.batchSize.observe({ deployment }, size);
    for (const wait of waitsSeconds) this.queueWait.observe({ deployment }, wait);
  }

  depth(deployment: string, queued: number): void {
    this.queueDepth.set({ deployment }, queued);
  }

  cacheLookup(deployment: string, hit: boolean): void {
    this.cache.inc({ deployment, result: hit ? 'hit' : 'miss' });
  }

  circuitRejected(deployment: string): void {
    this.breakerRejections.inc({ deployment });
  }
}
