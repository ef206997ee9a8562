import {
  type InferenceRequest,
  type InferenceResponse,
  isMlopsError,
  type TrafficExperiment,
} from '@mlops/plugin-api';
import type { RecordedExperiment } from '../deployments/ExperimentStore.js';
import type { LiveModel } from '../deployments/LiveModel.js';
import { ArmStats } from './ArmStats.js';
import { stickyBucket, stickyBuckets } from './stickyBucket.js';

/** What a stepped canary should do next: take its next share, or promote the challenger. */
export type DueStep =
  | { readonly action: 'advance'; readonly percent: number }
  | { readonly action: 'promote' };

/** A running canary or shadow experiment: its challenger model, routing, counts and steps. */
export class RunningExperiment {
  readonly champion = new ArmStats();
  readonly challengerStats = new ArmStats();
  /** True while a step or promotion is being decided, so one is started at a time. */
  stepping = false;
  private stepStartedAt = Date.now();
  private stepStartCount = 0;
  private shadowsInFlight = 0;
  private shadowDropped = 0;

  constructor(
    public config: RecordedExperiment,
    readonly challenger: LiveModel,
  ) {}

  /**
   * Whether a request's sticky key falls in the experiment's share (buckets of 0.01%). The key is
   * the `x-request-key` header (`requestKey`), else the request parameter named by `stickyBy`,
   * else the request id.
   */
  selects(request: InferenceRequest, requestKey?: string): boolean {
    const { stickyBy, percent } = this.config;
    const param = stickyBy === undefined ? undefined : request.parameters?.[stickyBy];
    const key = requestKey ?? (param === undefined ? (request.id ?? '') : String(param));
    return stickyBucket(key) < (percent / 100) * stickyBuckets;
  }

  /**
   * Answers a request: from the challenger when a canary selects it, else from the champion (a
   * shadow then also sends the selected ones to the challenger, at most `shadowConcurrency` at a
   * time, without waiting, and its answer goes to `onShadow`). Counts each side's answers and
   * latencies; a bad input counts for neither.
   */
  async predict(
    request: InferenceRequest,
    requestKey: string | undefined,
    champion: LiveModel,
    onShadow: (answer: InferenceResponse, ms: number) => void,
  ): Promise<{ answer: InferenceResponse; version: number }> {
    const selected = this.selects(request, requestKey);
    if (this.config.kind === 'canary' && selected) {
      return {
        answer: await this.timed(this.challenger, this.challengerStats, request),
        version: this.config.version,
      };
    }
    if (selected) this.mirror(request, onShadow);
    const answer = await this.timed(champion, this.champion, request);
    return { answer, version: champion.revision.version };
  }

  private mirror(request: InferenceRequest, onShadow: (answer: InferenceResponse, ms: number) => void): void {
    if (this.shadowsInFlight >= this.config.shadowConcurrency) {
      this.shadowDropped++;
      return;
    }
    this.shadowsInFlight++;
    const started = performance.now();
    this.timed(this.challenger, this.challengerStats, request)
      .then(
        (shadow) => onShadow(shadow, performance.now() - started),
        () => undefined,
      )
      .finally(() => {
        this.shadowsInFlight--;
      });
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

  /**
   * The guard the counts trip, as a reason, or undefined. Guards judge the last 1,000 answers of
   * each side, once the challenger has `minRequests` of them (and, for the guards relative to the
   * champion, the champion too).
   */
  trippedGuard(): string | undefined {
    const { maxErrorRate, maxLatencyMs, maxErrorRateIncrease, maxLatencyRatio, minRequests } = this.config;
    const stats = this.challengerStats;
    if (stats.windowCount < minRequests) return undefined;
    if (maxErrorRate !== undefined && stats.errorRate > maxErrorRate) {
      return `challenger error rate ${stats.errorRate.toFixed(3)} above ${maxErrorRate} after ${stats.count} requests`;
    }
    const p99 = stats.quantile(0.99);
    if (maxLatencyMs !== undefined && p99 > maxLatencyMs) {
      return `challenger p99 latency ${p99.toFixed(2)} ms above ${maxLatencyMs} ms after ${stats.count} requests`;
    }
    const base = this.champion;
    if (base.windowCount < minRequests) return undefined;
    if (maxErrorRateIncrease !== undefined && stats.errorRate - base.errorRate > maxErrorRateIncrease) {
      return `challenger error rate ${stats.errorRate.toFixed(3)} exceeds the champion's ${base.errorRate.toFixed(3)} by more than ${maxErrorRateIncrease} over the last ${stats.windowCount} and ${base.windowCount} answers`;
    }
    const baseP99 = base.quantile(0.99);
    if (maxLatencyRatio !== undefined && p99 > baseP99 * maxLatencyRatio) {
      return `challenger p99 latency ${p99.toFixed(2)} ms above ${maxLatencyRatio} times the champion's ${baseP99.toFixed(2)} ms over the last ${stats.windowCount} and ${base.windowCount} answers`;
    }
    return undefined;
  }

  /** The next step of a stepped canary once the current one has held long enough, else undefined. */
  dueStep(now = Date.now()): DueStep | undefined {
    const { steps, step, stepMinRequests, stepMinMs } = this.config;
    if (steps.length === 0 || this.stepping) return undefined;
    if (this.challengerStats.count - this.stepStartCount < stepMinRequests) return undefined;
    if (now - this.stepStartedAt < stepMinMs) return undefined;
    return step < steps.length ? { action: 'advance', percent: steps[step]! } : { action: 'promote' };
  }

  /** Takes the next step: its share applies to the next request, and its counts start now. */
  advance(): RecordedExperiment {
    const { steps, step } = this.config;
    this.config = { ...this.config, percent: steps[step]!, step: step + 1 };
    this.stepStartedAt = Date.now();
    this.stepStartCount = this.challengerStats.count;
    return this.config;
  }

  /** The experiment with its counts. */
  view(championVersion: number): TrafficExperiment {
    return {
      ...this.config,
      champion: this.champion.snapshot(championVersion),
      challenger: this.challengerStats.snapshot(this.config.version),
      ...(this.config.kind === 'shadow' ? { shadowDropped: this.shadowDropped } : {}),
    };
  }
}
