/** Latency quantiles in milliseconds (nearest rank). */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Summarises latencies in milliseconds; all zero for none. */
export function latencySummary(latencies: readonly number[]): LatencySummary {
  if (latencies.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.ceil(q * sorted.length) - 1]!;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}
