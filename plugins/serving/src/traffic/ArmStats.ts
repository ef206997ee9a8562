import type { TrafficArmStats } from '@mlops/plugin-api';

const window = 1000;

/** Requests, failures and recent latencies of one side of an experiment. */
export class ArmStats {
  private requests = 0;
  private errors = 0;
  private readonly latencies = new Float64Array(window);
  private filled = 0;
  private next = 0;

  /** Counts one answer (`ok` false for a failure) and its latency. */
  record(ok: boolean, ms: number): void {
    this.requests++;
    if (!ok) this.errors++;
    this.latencies[this.next] = ms;
    this.next = (this.next + 1) % window;
    this.filled = Math.min(this.filled + 1, window);
  }

  get count(): number {
    return this.requests;
  }

  get errorRate(): number {
    return this.requests === 0 ? 0 : this.errors / this.requests;
  }

  /** The `q` quantile of the last 1,000 latencies (nearest rank), 0 before any. */
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
