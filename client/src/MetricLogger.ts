/** A background metric logger of one run; see `client.runs.logger`. */
export interface MetricLogger {
  /** The run it logs to. */
  readonly runId: string;
  /** Points buffered and not yet sent. */
  readonly pending: number;
  /**
   * Buffers a point (timestamp now, `step` 0 by default); a full batch is sent at once in the
   * background. Never throws for a send failure (see `onError`).
   * @throws InvalidArgumentError when the logger is closed.
   */
  log(key: string, value: number, step?: number): void;
  /** Sends everything buffered so far; resolves when it has been sent or reported to `onError`. */
  flush(): Promise<void>;
  /** Flushes, then stops the timer and the exit hook; a later `log` throws. */
  close(): Promise<void>;
}
