import type { KernelState } from '../Kernel.js';
import { createToken } from '../Token.js';

/**
 * The kernel's life as plugins see it: where it is, and callbacks at the two moments a server
 * cares about. Readiness probes answer 200 only while `state` is `started`.
 */
export interface Lifecycle {
  /** The kernel's current state; `started` once every plugin has started. */
  readonly state: KernelState;
  /**
   * Runs `fn` once every plugin has started (at once, on the next tick, if that moment has passed).
   * An error it throws is logged and does not fail the start.
   */
  onStarted(fn: () => void | Promise<void>): void;
  /**
   * Runs `fn` when the kernel begins to stop, before any plugin's `stop`, and waits for it; handlers
   * run in reverse order of registration. A server drains its requests here, while the plugins
   * serving them still run. An error it throws is reported by `stop` (PLUGIN_STOP_FAILED).
   */
  onStopping(fn: () => void | Promise<void>): void;
}

/** The kernel's lifecycle (provided by the kernel itself; list it in `requires` to use it). */
export const Lifecycle = createToken<Lifecycle>({
  id: 'core.lifecycle',
  description: 'kernel state and started/stopping callbacks',
});
