/** The JSON form of a {@link RunningVariance}. */
export interface RunningVarianceState {
  readonly n: number;
  readonly mean: number;
  /** Sum of squared deviations from the mean. */
  readonly m2: number;
}

/**
 * Welford's running mean and sample variance (ddof 1), updated in the same order of operations
 * as river's `stats.Mean` and `stats.Var`, so detectors built on it take the same decisions.
 */
export class RunningVariance {
  n = 0;
  mean = 0;
  m2 = 0;

  /** Adds one observation. */
  update(x: number): void {
    const before = this.mean;
    this.n += 1;
    this.mean += (1 / this.n) * (x - this.mean);
    this.m2 += (x - before) * (x - this.mean);
  }

  /** Sample variance; 0 until there are two observations. */
  variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : 0;
  }

  toJSON(): RunningVarianceState {
    return { n: this.n, mean: this.mean, m2: this.m2 };
  }

  /** Restores a state written by `toJSON`. */
  static fromJSON(state: RunningVarianceState): RunningVariance {
    const restored = new RunningVariance();
    restored.n = state.n;
    restored.mean = state.mean;
    restored.m2 = state.m2;
    return restored;
  }
}
