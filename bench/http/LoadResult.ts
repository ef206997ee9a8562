/** What a load run measured. */
export interface LoadResult {
  /** Milliseconds from each request's start (closed loop) or scheduled time (fixed rate) to its
   * whole answer. */
  readonly latencies: number[];
  /** Wall-clock milliseconds of the whole run. */
  readonly elapsedMs: number;
  /** Answers other than 200, and transport errors. */
  readonly errors: number;
  /** The first error, for the report. */
  readonly firstError?: string;
}
