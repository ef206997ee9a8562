import type { DeploymentRevision, DeploymentState, Logger } from '@mlops/plugin-api';
import type { RunningAbTest } from '../traffic/RunningAbTest.js';
import type { RunningExperiment } from '../traffic/RunningExperiment.js';
import type { LiveModel } from './LiveModel.js';

/** A deployment as this process runs it. */
export interface Runtime {
  revision: DeploymentRevision;
  /** The model answering traffic; absent while loading, or when loading failed. */
  live?: LiveModel;
  state: DeploymentState;
  /** Why loading failed. */
  message?: string;
  experiment?: RunningExperiment;
  /** The running A/B test; never at the same time as `experiment`. */
  abTest?: RunningAbTest;
}

/**
 * The deployments of this process, with a lock per deployment (changes run one at a time, in
 * call order) and the background work (drains, followed aliases) that `shutdown` waits for.
 */
export class DeploymentRuntimes {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly logger: Logger,
    private readonly drainTimeoutMs: number,
  ) {}

  get(name: string): Runtime | undefined {
    return this.runtimes.get(name);
  }

  set(name: string, runtime: Runtime): void {
    this.runtimes.set(name, runtime);
  }

  delete(name: string): void {
    this.runtimes.delete(name);
  }

  values(): IterableIterator<Runtime> {
    return this.runtimes.values();
  }

  /** Runs `fn` after the deployment's earlier changes have settled. */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(name, tail);
    void tail.then(() => {
      if (this.locks.get(name) === tail) this.locks.delete(name);
    });
    return next;
  }

  /** Keeps `work` for `shutdown` to wait for. */
  track(work: Promise<unknown>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  /** Drains and unloads a model that no longer takes new traffic, in the background. */
  retire(live: LiveModel): void {
    const { deployment, version } = live.revision;
    this.track(
      live.retire(this.drainTimeoutMs).then((left) => {
        if (left > 0) {
          this.logger.warn(
            { deployment, version, left },
            `unloaded ${deployment}'s version ${version} with ${left} requests still in flight`,
          );
        }
      }),
    );
  }

  /** Takes `experiment` off the deployment's traffic; false when it was not on it any more. */
  detachExperiment(name: string, experiment: RunningExperiment): boolean {
    const runtime = this.runtimes.get(name);
    if (runtime?.experiment !== experiment) return false;
    runtime.experiment = undefined;
    return true;
  }

  /** Waits for changes and background work, then drains and unloads every model. */
  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.locks.values(), ...this.background]);
    const lives = [...this.runtimes.values()].flatMap((r) => [
      ...(r.live === undefined ? [] : [r.live]),
      ...(r.experiment === undefined ? [] : [r.experiment.challenger]),
      ...(r.abTest?.models.values() ?? []),
    ]);
    this.runtimes.clear();
    await Promise.allSettled(lives.map((live) => live.retire(this.drainTimeoutMs)));
  }
}
