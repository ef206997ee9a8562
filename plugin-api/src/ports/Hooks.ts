import type { EventHook, EventListener, InterceptorHandler, InterceptorHook } from '../hooks/defineHooks.js';
import { createToken } from '../Token.js';

/** The hook bus: typed events and interceptors. */
export interface Hooks {
  /** Calls every listener of `event`; never throws, whatever the listeners do. */
  emit<T>(event: EventHook<T>, payload: T): void;
  /** Adds a listener; returns a function that removes it. */
  on<T>(event: EventHook<T>, listener: EventListener<T>): () => void;
  /** Adds an interceptor; they run in plugin order. Returns a function that removes it. */
  intercept<T>(hook: InterceptorHook<T>, handler: InterceptorHandler<T>): () => void;
  /**
   * Runs the interceptors of `hook` in order and returns the payload, amended or not.
   * @throws VetoedError (FailedPrecondition) when one vetoes; the error of an interceptor that throws.
   */
  run<T>(hook: InterceptorHook<T>, payload: T): Promise<T>;
}

/** The kernel's hook bus. Through a plugin's context, registrations carry the plugin's name. */
export const Hooks = createToken<Hooks>({ id: 'core.hooks', description: 'typed events and interceptors' });
