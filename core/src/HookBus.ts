import {
  type EventHook,
  type EventListener,
  type Hooks,
  type InterceptorHandler,
  type InterceptorHook,
  InternalError,
  isMlopsError,
  type Logger,
  VetoedError,
} from '@mlops/plugin-api';
import { EventEmitter } from 'eventemitter3';

interface Registration {
  readonly owner: string;
  readonly rank: number;
  readonly seq: number;
  readonly handler: InterceptorHandler<unknown>;
}

/**
 * The kernel's hook bus. Events go through eventemitter3 with every listener wrapped, so a
 * throwing or rejecting listener is logged and the others still run. Interceptors are kept per
 * hook, sorted by the rank of the plugin that added them, then by the order they were added.
 */
export class HookBus {
  private readonly emitter = new EventEmitter();
  private readonly interceptors = new Map<string, Registration[]>();
  private seq = 0;

  constructor(private readonly logger: Logger) {}

  /** A view of the bus whose registrations carry `owner` (a plugin name) and sort at `rank`. */
  forOwner(owner: string, rank: number): Hooks {
    return {
      emit: (event, payload) => this.emit(event, payload),
      on: (event, listener) => this.on(owner, event, listener),
      intercept: (hook, handler) => this.intercept(owner, rank, hook, handler),
      run: (hook, payload) => this.run(hook, payload),
    };
  }

  emit<T>(event: EventHook<T>, payload: T): void {
    this.emitter.emit(event.name, payload);
  }

  on<T>(owner: string, event: EventHook<T>, listener: EventListener<T>): () => void {
    const fail = (err: unknown) =>
      this.logger.error(
        { err, plugin: owner, hook: event.name },
        `listener of "${event.name}" in "${owner}" failed`,
      );
    const wrapped = (payload: T) => {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch(fail);
      } catch (err) {
        fail(err);
      }
    };
    this.emitter.on(event.name, wrapped);
    return () => {
      this.emitter.off(event.name, wrapped);
    };
  }

  intercept<T>(
    owner: string,
    rank: number,
    hook: InterceptorHook<T>,
    handler: InterceptorHandler<T>,
  ): () => void {
    const list = this.interceptors.get(hook.name) ?? [];
    const registration: Registration = {
      owner,
      rank,
      seq: this.seq++,
      handler: handler as InterceptorHandler<unknown>,
    };
    list.push(registration);
    list.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
    this.interceptors.set(hook.name, list);
    return () => {
      const at = list.indexOf(registration);
      if (at >= 0) list.splice(at, 1);
    };
  }

  async run<T>(hook: InterceptorHook<T>, payload: T): Promise<T> {
    let current: unknown = payload;
    for (const { owner, handler } of [...(this.interceptors.get(hook.name) ?? [])]) {
      let result: Awaited<ReturnType<InterceptorHandler<unknown>>>;
      try {
        result = await handler(current);
      } catch (err) {
        if (isMlopsError(err)) throw err;
        const message = err instanceof Error ? err.message : String(err);
        throw new InternalError(
          `interceptor of "${hook.name}" in "${owner}" failed: ${message}`,
          {},
          { cause: err },
        );
      }
      if (result === undefined || result.action === 'pass') continue;
      if (result.action === 'veto') throw new VetoedError(hook.name, owner, result.reason);
      current = result.payload;
    }
    return current as T;
  }
}
