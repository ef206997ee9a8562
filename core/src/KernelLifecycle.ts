import type { KernelState, Lifecycle, Logger } from '@mlops/plugin-api';

type Handler = () => void | Promise<void>;

/** The kernel's `Lifecycle` port: its state, and the handlers run once started and when stopping. */
export class KernelLifecycle implements Lifecycle {
  private readonly started: Handler[] = [];
  private readonly stopping: Handler[] = [];

  constructor(
    private readonly currentState: () => KernelState,
    private readonly logger: Logger,
  ) {}

  get state(): KernelState {
    return this.currentState();
  }

  onStarted(fn: Handler): void {
    if (this.state === 'started') setImmediate(() => void this.runStartedHandler(fn));
    else this.started.push(fn);
  }

  onStopping(fn: Handler): void {
    this.stopping.push(fn);
  }

  /** Runs the started handlers in order; their errors are logged, since start has succeeded. */
  async runStarted(): Promise<void> {
    for (const fn of this.started.splice(0)) await this.runStartedHandler(fn);
  }

  /** Runs the stopping handlers in reverse order, once; returns a line per handler that failed. */
  async runStopping(): Promise<string[]> {
    const problems: string[] = [];
    for (const fn of this.stopping.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        problems.push(
          `a lifecycle onStopping handler failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    return problems;
  }

  private async runStartedHandler(fn: Handler): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.logger.error({ err }, 'a lifecycle onStarted handler failed');
    }
  }
}
