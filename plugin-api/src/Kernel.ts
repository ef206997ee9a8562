import type { CommandSpec } from './CommandSpec.js';
import type { PluginInstance } from './definePlugin.js';
import type { Hooks } from './ports/Hooks.js';
import type { Logger } from './ports/Logger.js';
import type { Metrics } from './ports/Metrics.js';
import type { Scope } from './Scope.js';

/** Where a kernel is in its life. */
export type KernelState = 'created' | 'settingUp' | 'ready' | 'starting' | 'started' | 'stopping' | 'stopped';

/** A plugin as loaded: manifest data, in the order the kernel runs them. */
export interface LoadedPlugin {
  readonly name: string;
  readonly version: string;
  readonly apiVersion: string;
  readonly provides: readonly string[];
  readonly requires: readonly string[];
  readonly optional: readonly string[];
  /** Ports looked up after setup only (see `PluginManifest.late`). */
  readonly late: readonly string[];
  /** Validated options with defaults; `writeOnly` fields replaced by `***`. */
  readonly maskedOptions: unknown;
}

/** A plugin command, with the plugin that added it. */
export interface PluginCommand {
  readonly plugin: string;
  readonly spec: CommandSpec;
}

/** Options of `createKernel`. */
export interface KernelOptions {
  readonly plugins: readonly PluginInstance[];
  /** A logger to use; by default a pino logger on standard output at `logLevel`. */
  readonly logger?: Logger;
  /** Defaults to `info`, or `LOG_LEVEL` from the environment. */
  readonly logLevel?: string;
}

/** A running platform: plugins, their ports and the hook bus. */
export interface Kernel extends Scope {
  readonly state: KernelState;
  /** The plugins in the order they set up and start. */
  readonly plugins: readonly LoadedPlugin[];
  readonly hooks: Hooks;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Subcommands contributed by plugins during setup. */
  readonly commands: readonly PluginCommand[];
  /** Runs every plugin's setup in order; `start` calls it when needed. */
  setup(): Promise<void>;
  /** Sets up if needed, then starts every plugin in order; a failure stops those started, in reverse. */
  start(): Promise<void>;
  /** Stops started plugins in reverse order, then runs close handlers. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Stops the kernel on SIGINT/SIGTERM; past `deadlineMs` the process exits with code 1.
   * Returns a function that removes the handlers.
   */
  handleSignals(options?: { deadlineMs?: number; exit?: (code: number) => void }): () => void;
}
