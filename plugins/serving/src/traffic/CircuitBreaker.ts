import { isMlopsError, UnavailableError } from '@mlops/plugin-api';

/** Settings of a circuit breaker. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial request is let through. */
  readonly resetTimeoutMs: number;
}

/** Where a breaker stands. */
export type CircuitState = 'closed' | 'open' | 'halfOpen';

/**
 * True for failures that say the remote is unwell: it is unavailable, or answered with an error
 * outside the taxonomy. A bad input, or our own full queue, says nothing about the remote.
 */
function countsAsFailure(err: unknown): boolean {
  if (!isMlopsError(err)) return true;
  if (err.category === 'Unavailable') return err.details.reason !== 'queue_full';
  return err.category === 'Internal' || err.category === 'DataLoss';
}

/**
 * A circuit breaker around a remote backend: after `failureThreshold` consecutive failures it
 * refuses calls at once for `resetTimeoutMs` (503 with `Retry-After`), then lets one trial call
 * through: its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialRunning = false;
  private current: CircuitState = 'closed';

  constructor(
    private readonly what: string,
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.resetTimeoutMs)
      return 'halfOpen';
    return this.current;
  }

  /**
   * Runs `call` unless the circuit is open.
   * @throws UnavailableError `<what> is failing: circuit open for <n> more s` while open.
   */
  async run<T>(call: () => Promise<T>, onRejected?: () => void): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'halfOpen' && this.trialRunning)) {
      onRejected?.();
      const left = Math.max(0, this.options.resetTimeoutMs - (this.now() - this.openedAt));
      throw new UnavailableError(
        `${this.what} is failing: circuit open for ${Math.ceil(left / 1000)} more s`,
        {
          reason: 'circuit_open',
          retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)),
        },
      );
    }
    const trial = state === 'halfOpen';
    if (trial) this.trialRunning = true;
    try {
      const result = await call();
      this.failures = 0;
      this.current = 'closed';
      return result;
    } catch (err) {
      if (countsAsFailure(err)) {
        this.failures++;
        if (trial || this.failures >= this.options.failureThreshold) {
          this.current = 'open';
          this.openedAt = this.now();
        }
      }
      throw err;
    } finally {
      if (trial) this.trialRunning = false;
    }
  }
}
