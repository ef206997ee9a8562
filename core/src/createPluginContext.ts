import {
  type CommandSpec,
  FailedPreconditionError,
  Hooks,
  Logger,
  Metrics,
  type PluginCommand,
  type PluginContext,
  type Scope,
  type Token,
} from '@mlops/plugin-api';
import type { HookBus } from './HookBus.js';
import { KernelError } from './KernelError.js';
import type { PluginSlot } from './PluginSlot.js';

/** What a plugin context needs from its kernel. */
export interface ContextDeps {
  readonly root: Scope;
  readonly bus: HookBus;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly commands: PluginCommand[];
}

/** Builds the context one plugin sees; it enforces that the plugin uses only ports it declared. */
export function createPluginContext(slot: PluginSlot, deps: ContextDeps): PluginContext<unknown> {
  const { manifest } = slot;
  const name = manifest.name;
  const logger = deps.logger.child({ plugin: name });
  const hooks = deps.bus.forOwner(name, slot.rank);
  const declared = new Set(
    [
      ...(manifest.requires ?? []),
      ...(manifest.optional ?? []),
      ...(manifest.late ?? []),
      ...(manifest.provides ?? []),
    ].map((t) => t.id),
  );
  const own = new Map<string, unknown>([
    [Hooks.id, hooks],
    [Logger.id, logger],
    [Metrics.id, deps.metrics],
  ]);

  const checkDeclared = (token: Token<unknown>) => {
    if (!declared.has(token.id) && !own.has(token.id)) {
      throw new FailedPreconditionError(
        `plugin "${name}" used ${token}, which its manifest does not list in requires, optional or late`,
        { field: token.id, reason: 'undeclared_port' },
        { code: 'PLUGIN_UNDECLARED_PORT' },
      );
    }
  };

  return {
    name,
    options: slot.options,
    logger,
    hooks,
    metrics: deps.metrics,
    scope: deps.root,
    get<T>(token: Token<T>): T {
      checkDeclared(token);
      return (own.get(token.id) as T | undefined) ?? deps.root.get(token);
    },
    find<T>(token: Token<T>): T | undefined {
      checkDeclared(token);
      return (own.get(token.id) as T | undefined) ?? deps.root.find(token);
    },
    getAll<T>(token: Token<T>): T[] {
      checkDeclared(token);
      return deps.root.getAll(token);
    },
    provide<T>(token: Token<T>, implementation: T): void {
      if (!(manifest.provides ?? []).some((t) => t.id === token.id)) {
        throw new KernelError('PLUGIN_UNDECLARED_PORT', [
          `plugin "${name}" provided ${token}, which its manifest does not list in provides`,
        ]);
      }
      deps.root.provide(token, implementation);
    },
    addCommand(spec: CommandSpec): void {
      deps.commands.push({ plugin: name, spec });
    },
    onClose(fn) {
      slot.closeHandlers.push(fn);
    },
  };
}
