/** Options of `client.runs.logger(runId, options)`. */
export interface MetricLoggerOptions {
  /** Flush buffered points at least this often (default 1000 ms). */
  readonly flushIntervalMs?: number;
  /** Points per request, and the buffer size that starts a flush at once (default and max 1000). */
  readonly maxBatch?: number;
  /**
   * Called when a batch could not be logged, after the client's retries; its points are dropped.
   * Default: a process warning. Never an unhandled rejection.
   */
  readonly onError?: (error: Error, points: readonly BufferedPoint[]) => void;
}

/** A point waiting in a metric logger's buffer. */
export interface BufferedPoint {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}
