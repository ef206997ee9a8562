import 'reflect-metadata';
import {
  Hooks,
  type Injectable,
  type Kernel,
  type KernelOptions,
  type KernelState,
  Lifecycle,
  type LoadedPlugin,
  Logger,
  Metrics,
  type PluginCommand,
  type PluginContext,
  type Scope,
  type Token,
} from '@mlops/plugin-api';
import { Gauge, Registry } from 'prom-client';
import { container } from 'tsyringe';
import { createLogger } from './createLogger.js';
import { createPluginContext } from './createPluginContext.js';
import { HookBus } from './HookBus.js';
import { handleSignals, type SignalOptions } from './handleSignals.js';
import { KernelError } from './KernelError.js';
import { KernelLifecycle } from './KernelLifecycle.js';
import { KernelScope } from './KernelScope.js';
import type { PluginSlot } from './PluginSlot.js';
import { planKernel } from './planKernel.js';

/** The kernel: a child container of its own, a hook bus, and plugins in dependency order. */
export class PluginKernel implements Kernel {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly hooks: Hooks;
  readonly plugins: readonly LoadedPlugin[];
  readonly commands: PluginCommand[] = [];
  private readonly root: KernelScope;
  private readonly lifecycle: KernelLifecycle;
  private readonly slots: PluginSlot[];
  private readonly contexts = new Map<PluginSlot, PluginContext<unknown>>();
  private current: KernelState = 'created';
  private setupPromise?: Promise<void>;
  private startPromise?: Promise<void>;
  private stopPromise?: Promise<void>;

  constructor(options: KernelOptions) {
    this.slots = planKernel(options.plugins);
    this.logger = options.logger ?? createLogger({ level: options.logLevel });
    this.metrics = { registry: new Registry() };
    const bus = new HookBus(this.logger);
    this.hooks = bus.forOwner('app', Number.MAX_SAFE_INTEGER);
    this.root = new KernelScope(container.createChildContainer());
    this.root.provide(Logger, this.logger);
    this.root.provide(Metrics, this.metrics);
    this.root.provide(Hooks, this.hooks);
    this.lifecycle = new KernelLifecycle(() => this.current, this.logger);
    this.root.provide(Lifecycle, this.lifecycle);
    this.plugins = this.slots.map((s) => ({
      name: s.manifest.name,
      version: s.manifest.version,
      apiVersion: s.manifest.apiVersion,
      provides: (s.manifest.provides ?? []).map((t) => t.id),
      requires: (s.manifest.requires ?? []).map((t) => t.id),
      optional: (s.manifest.optional ?? []).map((t) => t.id),
      late: (s.manifest.late ?? []).map((t) => t.id),
      maskedOptions: s.maskedOptions,
    }));
    const deps = {
      root: this.root,
      bus,
      logger: this.logger,
      metrics: this.metrics,
      commands: this.commands,
    };
    for (const slot of this.slots) this.contexts.set(slot, createPluginContext(slot, deps));
    new Gauge({
      name: 'mlops_plugins_loaded',
      help: 'Plugins loaded by the kernel',
      registers: [this.metrics.registry],
    }).set(this.slots.length);
  }

  get state(): KernelState {
    return this.current;
  }

  setup(): Promise<void> {
    this.setupPromise ??= this.runSetup();
    return this.setupPromise;
  }

  start(): Promise<void> {
    this.startPromise ??= this.setup().then(() => this.runStart());
    return this.startPromise;
  }

  stop(): Promise<void> {
    this.stopPromise ??= (async () => {
      // Let a setup or start in progress finish (or fail and roll back) before tearing down.
      await Promise.allSettled([this.setupPromise, this.startPromise]);
      if (this.current !== 'stopped') await this.teardown();
    })();
    return this.stopPromise;
  }

  handleSignals(options?: SignalOptions): () => void {
    return handleSignals(() => this.stop(), this.logger, options);
  }

  get<T>(token: Token<T>): T {
    return this.root.get(token);
  }
  find<T>(token: Token<T>): T | undefined {
    return this.root.find(token);
  }
  getAll<T>(token: Token<T>): T[] {
    return this.root.getAll(token);
  }
  provide<T>(token: Token<T>, value: T): void {
    this.root.provide(token, value);
  }
  resolve<T>(type: Injectable<T>): T {
    return this.root.resolve(type);
  }
  createScope(): Scope {
    return this.root.createScope();
  }

  private async runSetup(): Promise<void> {
    this.expectState('created', 'setup');
    this.current = 'settingUp';
    for (const slot of this.slots) {
      const name = slot.manifest.name;
      try {
        await slot.manifest.setup(this.contexts.get(slot)!);
      } catch (err) {
        slot.setUp = true; // its close handlers may hold what it opened before failing
        await this.failWith(
          'PLUGIN_SETUP_FAILED',
          `plugin "${name}" failed in setup: ${messageOf(err)}`,
          err,
        );
      }
      slot.setUp = true;
      const missing = (slot.manifest.provides ?? []).filter((t) => !this.root.getAll(t).length);
      if (missing.length > 0) {
        const list = missing.map(String).join(', ');
        await this.failWith(
          'PLUGIN_PROVIDE_MISSING',
          `plugin "${name}" declares ${list} in provides but did not provide it in setup`,
        );
      }
    }
    this.current = 'ready';
  }

  private async runStart(): Promise<void> {
    this.expectState('ready', 'start');
    this.current = 'starting';
    const t0 = performance.now();
    for (const slot of this.slots) {
      try {
        await slot.manifest.start?.(this.contexts.get(slot)!);
        slot.started = true;
      } catch (err) {
        await this.failWith(
          'PLUGIN_START_FAILED',
          `plugin "${slot.manifest.name}" failed in start: ${messageOf(err)}`,
          err,
        );
      }
    }
    this.current = 'started';
    const ms = Math.round(performance.now() - t0);
    this.logger.info(
      { plugins: this.slots.map((s) => s.manifest.name), ms },
      `kernel started ${this.slots.length} plugins`,
    );
    await this.lifecycle.runStarted();
  }

  private async failWith(
    code: 'PLUGIN_SETUP_FAILED' | 'PLUGIN_START_FAILED' | 'PLUGIN_PROVIDE_MISSING',
    line: string,
    cause?: unknown,
  ): Promise<never> {
    const problems = [line];
    try {
      await this.teardown();
    } catch (err) {
      problems.push(...(err instanceof KernelError ? err.problems : [messageOf(err)]));
    }
    throw new KernelError(code, problems, { cause });
  }

  private async teardown(): Promise<void> {
    this.current = 'stopping';
    // Before any plugin stops, so a server drains requests while the plugins serving them still run.
    const problems = await this.lifecycle.runStopping();
    const reversed = [...this.slots].reverse();
    for (const slot of reversed) {
      if (!slot.started) continue;
      slot.started = false;
      try {
        await slot.manifest.stop?.(this.contexts.get(slot)!);
      } catch (err) {
        problems.push(`plugin "${slot.manifest.name}" failed in stop: ${messageOf(err)}`);
      }
    }
    for (const slot of reversed) {
      if (!slot.setUp) continue;
      for (const close of slot.closeHandlers.splice(0).reverse()) {
        try {
          await close();
        } catch (err) {
          problems.push(`plugin "${slot.manifest.name}" failed in a close handler: ${messageOf(err)}`);
        }
      }
    }
    this.current = 'stopped';
    if (problems.length > 0) throw new KernelError('PLUGIN_STOP_FAILED', problems);
    this.logger.info('kernel stopped');
  }

  private expectState(expected: KernelState, action: string): void {
    if (this.current !== expected) {
      throw new KernelError('KERNEL_STATE', [`cannot ${action} a kernel that is ${this.current}`]);
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
