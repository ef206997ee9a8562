import type { RateLimit } from './options.js';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key (a client address, a principal): each refills at `requestsPerSecond` up to
 * `burst`. Full buckets are forgotten when the table grows, so memory follows the active clients.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = 1024;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token for `key`: 0 when allowed, or else the seconds until one is available. */
  take(key: string): number {
    const t = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket === undefined ? this.limit.burst : this.refilled(bucket, t);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: t });
      if (this.buckets.size > this.sweepAt) this.sweep(t);
      return 0;
    }
    this.buckets.set(key, { tokens, at: t });
    return Math.max(1, Math.ceil((1 - tokens) / this.limit.requestsPerSecond));
  }

  private refilled(bucket: Bucket, t: number): number {
    return Math.min(
      this.limit.burst,
      bucket.tokens + ((t - bucket.at) / 1000) * this.limit.requestsPerSecond,
    );
  }

  private sweep(t: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, t) >= this.limit.burst) this.buckets.delete(key);
    }
    this.sweepAt = Math.max(1024, this.buckets.size * 2);
  }
}
