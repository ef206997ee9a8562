import type { CommandSpec } from './CommandSpec.js';
import type { Hooks } from './ports/Hooks.js';
import type { JsonSchema } from './ports/HttpRoutes.js';
import type { Logger } from './ports/Logger.js';
import type { Metrics } from './ports/Metrics.js';
import type { Scope } from './Scope.js';
import type { Token } from './Token.js';

/** What a plugin's `setup`, `start` and `stop` receive. */
export interface PluginContext<Options> {
  /** The plugin's name, as in its manifest. */
  readonly name: string;
  /** The options after schema validation, with defaults filled in. */
  readonly options: Options;
  /** The kernel logger's child for this plugin (`{ plugin: name }` on every line). */
  readonly logger: Logger;
  /** The hook bus; registrations made through it carry this plugin's name. */
  readonly hooks: Hooks;
  readonly metrics: Metrics;
  /**
   * The provider of a token this plugin declared in `requires` or `optional`, or a kernel port.
   * @throws NotFoundError when it is absent; FailedPreconditionError when the token is undeclared.
   */
  get<T>(token: Token<T>): T;
  /** Like `get`, but undefined when no plugin provides the token. */
  find<T>(token: Token<T>): T | undefined;
  /** Every provider of a `'many'` token, in plugin order. */
  getAll<T>(token: Token<T>): T[];
  /** Provides a port; the token must be in the manifest's `provides`. */
  provide<T>(token: Token<T>, implementation: T): void;
  /** Contributes a subcommand to `mlops`. */
  addCommand(command: CommandSpec): void;
  /** Runs `fn` when the kernel shuts down (in reverse plugin order), even if this plugin never started. */
  onClose(fn: () => void | Promise<void>): void;
  /** The kernel's root scope, for resolving injectable classes and making child scopes. */
  readonly scope: Scope;
}

/** A plugin's manifest: plain data the kernel can order, check and print, plus its lifecycle functions. */
export interface PluginManifest<Options = Record<string, never>> {
  /** The npm package name; it appears in every kernel message. */
  readonly name: string;
  /** The plugin's own version (its package.json version). */
  readonly version: string;
  /** The semver range of `@mlops/plugin-api` the plugin was built against, e.g. `^0.1.0`. */
  readonly apiVersion: string;
  readonly description?: string;
  readonly provides?: readonly Token<unknown>[];
  readonly requires?: readonly Token<unknown>[];
  /** Ports used when present; they order the plugin after their providers. */
  readonly optional?: readonly Token<unknown>[];
  /**
   * Ports used when present but looked up only after every plugin's setup (in `start`, or per
   * request): they do not order the plugin after their providers. This breaks cycles such as the
   * HTTP server, which checks requests with `Auth`, and the auth plugin, which adds routes to it.
   * `find` on a late port during `setup` may return undefined even though a provider exists.
   */
  readonly late?: readonly Token<unknown>[];
  /** JSON Schema of the options; defaults are applied and `writeOnly` fields are masked in output. */
  readonly configSchema?: JsonSchema;
  /** Wires the plugin: provide ports, add routes, hooks and commands. Runs in dependency order. */
  setup(ctx: PluginContext<Options>): void | Promise<void>;
  /** Starts what runs: a server, a timer, a pool. Runs after every setup, in dependency order. */
  start?(ctx: PluginContext<Options>): void | Promise<void>;
  /** Stops what `start` started. Runs in reverse order. */
  stop?(ctx: PluginContext<Options>): void | Promise<void>;
}

/** A plugin chosen for a kernel: the manifest and the raw options given in the config. */
export interface PluginInstance<Options = unknown> {
  readonly manifest: PluginManifest<Options>;
  readonly options: unknown;
}

/** The function a plugin package exports: call it with options to put the plugin in a config. */
export interface PluginFactory<Options> {
  (options?: PluginOptionsInput<Options>): PluginInstance<Options>;
  readonly manifest: PluginManifest<Options>;
}

/** Options as a config writes them: every field with a schema default may be left out. */
export type PluginOptionsInput<Options> = Partial<Options>;

/**
 * Defines a plugin.
 * @example
 * export const helloPlugin = definePlugin<{ greeting: string }>({
 *   name: 'mlops-plugin-hello', version: '1.0.0', apiVersion: '^0.1.0',
 *   configSchema: { type: 'object', properties: { greeting: { type: 'string', default: 'hi' } } },
 *   setup(ctx) { ctx.logger.info(ctx.options.greeting); },
 * });
 */
export function definePlugin<Options = Record<string, never>>(
  manifest: PluginManifest<Options>,
): PluginFactory<Options> {
  const frozen = Object.freeze({ ...manifest });
  const factory = (options?: PluginOptionsInput<Options>): PluginInstance<Options> =>
    Object.freeze({ manifest: frozen, options: options ?? {} });
  return Object.assign(factory, { manifest: frozen });
}

/** True when `value` looks like a plugin instance (what a config's `plugins` array holds). */
export function isPluginInstance(value: unknown): value is PluginInstance {
  if (typeof value !== 'object' || value === null) return false;
  const manifest = (value as { manifest?: unknown }).manifest;
  return (
    typeof manifest === 'object' &&
    manifest !== null &&
    typeof (manifest as { name?: unknown }).name === 'string' &&
    typeof (manifest as { setup?: unknown }).setup === 'function'
  );
}
