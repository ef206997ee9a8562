import type { TrafficArmStats } from '@mlops/plugin-api';

/** Answers the guards look at: each side's last 1,000. */
export const guardWindow = 1000;

/**
 * Requests and failures of one side of an experiment since it started, and its last 1,000
 * answers (failed or not, with their latencies): the sliding window the guards judge.
 */
export class ArmStats {
  private requests = 0;
  private errors = 0;
  private readonly latencies = new Float64Array(guardWindow);
  private readonly failed = new Uint8Array(guardWindow);
  private windowErrors = 0;
  private filled = 0;
  private next = 0;

  /** Counts one answer (`ok` false for a failure) and its latency. */
  record(ok: boolean, ms: number): void {
    this.requests++;
    if (!ok) this.errors++;
    if (this.filled === guardWindow) this.windowErrors -= this.failed[this.next]!;
    this.failed[this.next] = ok ? 0 : 1;
    if (!ok) this.windowErrors++;
    this.latencies[this.next] = ms;
    this.next = (this.next + 1) % guardWindow;
    this.filled = Math.min(this.filled + 1, guardWindow);
  }

  /** Answers since start. */
  get count(): number {
    return this.requests;
  }

  /** Answers in the window (at most 1,000). */
  get windowCount(): number {
    return this.filled;
  }

  /** Failures over answers in the window; 0 before any. */
  get errorRate(): number {
    return this.filled === 0 ? 0 : this.windowErrors / this.filled;
  }

  /** The `q` quantile of the window's latencies (nearest rank), 0 before any. */
  quantile(q: number): number {
    if (this.filled === 0) return 0;
    const sorted = this.latencies.slice(0, this.filled).sort();
    return sorted[Math.ceil(q * sorted.length) - 1]!;
  }

  snapshot(version: number): TrafficArmStats {
    return {
      version,
      requests: this.requests,
      errors: this.errors,
      p50Ms: this.quantile(0.5),
      p99Ms: this.quantile(0.99),
    };
  }
}
