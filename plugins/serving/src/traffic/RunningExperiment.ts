import {
  type InferenceRequest,
  type InferenceResponse,
  isMlopsError,
  type TrafficExperiment,
} from '@mlops/plugin-api';
import type { RecordedExperiment } from '../deployments/ExperimentStore.js';
import type { LiveModel } from '../deployments/LiveModel.js';
import { ArmStats } from './ArmStats.js';

/** FNV-1a, 32 bits: a fast, stable hash, so one key always lands in the same bucket. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A running canary or shadow experiment: its challenger model, routing and counts. */
export class RunningExperiment {
  readonly champion = new ArmStats();
  readonly challengerStats = new ArmStats();

  constructor(
    readonly config: RecordedExperiment,
    readonly challenger: LiveModel,
  ) {}

  /** Whether a request's sticky key falls in the experiment's share (buckets of 0.01%). */
  selects(request: InferenceRequest): boolean {
    const { stickyBy, percent } = this.config;
    const param = stickyBy === undefined ? undefined : request.parameters?.[stickyBy];
    const key = param === undefined ? (request.id ?? '') : String(param);
    return fnv1a(key) % 10_000 < percent * 100;
  }

  /**
   * Answers a request: from the challenger when a canary selects it, else from the champion (a
   * shadow then also sends the selected ones to the challenger, whose answer goes to `onShadow`).
   * Counts each side's answers and latencies; a bad input counts for neither.
   */
  async predict(
    request: InferenceRequest,
    champion: LiveModel,
    onShadow: (answer: InferenceResponse, ms: number) => void,
  ): Promise<{ answer: InferenceResponse; version: number }> {
    const selected = this.selects(request);
    if (this.config.kind === 'canary' && selected) {
      return {
        answer: await this.timed(this.challenger, this.challengerStats, request),
        version: this.config.version,
      };
    }
    const answer = await this.timed(champion, this.champion, request);
    if (selected) {
      const started = performance.now();
      this.timed(this.challenger, this.challengerStats, request).then(
        (shadow) => onShadow(shadow, performance.now() - started),
        () => undefined,
      );
    }
    return { answer, version: champion.revision.version };
  }

  private async timed(
    model: LiveModel,
    stats: ArmStats,
    request: InferenceRequest,
  ): Promise<InferenceResponse> {
    const started = performance.now();
    try {
      const answer = await model.predict(request);
      stats.record(true, performance.now() - started);
      return answer;
    } catch (err) {
      if (!isMlopsError(err, 'InvalidArgument')) stats.record(false, performance.now() - started);
      throw err;
    }
  }

  /** The guard the challenger's counts trip, as a reason, or undefined. */
  trippedGuard(): string | undefined {
    const { maxErrorRate, maxLatencyMs, minRequests } = this.config;
    const stats = this.challengerStats;
    if (stats.count < minRequests) return undefined;
    if (maxErrorRate !== undefined && stats.errorRate > maxErrorRate) {
      return `challenger error rate ${stats.errorRate.toFixed(3)} above ${maxErrorRate} after ${stats.count} requests`;
    }
    const p99 = stats.quantile(0.99);
    if (maxLatencyMs !== undefined && p99 > maxLatencyMs) {
      return `challenger p99 latency ${p99.toFixed(2)} ms above ${maxLatencyMs} ms after ${stats.count} requests`;
    }
    return undefined;
  }

  /** The experiment with its counts. */
  view(championVersion: number): TrafficExperiment {
    return {
      ...this.config,
      champion: this.champion.snapshot(championVersion),
      challenger: this.challengerStats.snapshot(this.config.version),
    };
  }
}
