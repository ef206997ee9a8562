import { FailedPreconditionError } from '../errors.js';

/** Thrown by `Hooks.run` when an interceptor vetoes; names the hook, the plugin and its reason. */
export class VetoedError extends FailedPreconditionError {
  /** The interceptor hook's name, e.g. `model.version.beforeTransition`. */
  readonly hook: string;
  /** The plugin whose interceptor vetoed. */
  readonly by: string;
  /** The reason the interceptor gave. */
  readonly reason: string;

  constructor(hook: string, by: string, reason: string) {
    super(`${hook} vetoed by "${by}": ${reason}`, { reason: 'vetoed', hook, by });
    this.hook = hook;
    this.by = by;
    this.reason = reason;
  }
}
