import type { PluginInstance } from '@mlops/plugin-api';

/** The log levels a config may choose, from the most verbose to the least. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** One of {@link logLevels}. */
export type LogLevel = (typeof logLevels)[number];

/** What an `mlops.config.*` file holds: which plugins run, and how the kernel behaves. */
export interface MlopsConfig {
  /**
   * The plugins of the kernel, as factory calls (`sqlStorePlugin({ url })`). Plugins of equal rank
   * start in this order. JSON and YAML configs write `"module-name"` or `["module-name", { options }]`
   * instead; the loader turns those into instances.
   */
  plugins: PluginInstance[];
  /** The least severe level the kernel logger writes. The kernel's default applies when absent. */
  logLevel?: LogLevel;
  /**
   * How long, in milliseconds, a graceful shutdown may take before the process gives up on the
   * plugins still stopping. A positive integer; the kernel's default applies when absent.
   */
  shutdownTimeoutMs?: number;
}

/** The top-level keys a config may have, in the order the error messages list them. */
export const mlopsConfigKeys: readonly (keyof MlopsConfig)[] = ['plugins', 'logLevel', 'shutdownTimeoutMs'];
