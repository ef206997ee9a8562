/** A fire-and-forget event, named `<entity>.<pastTense>`, emitted after a commit. */
export interface EventHook<T> {
  readonly kind: 'event';
  readonly name: string;
  /** Phantom field that carries the payload type. */
  readonly __payload?: T;
}

/** An awaited interceptor, named `<entity>.before<Verb>`, that can pass, amend or veto. */
export interface InterceptorHook<T> {
  readonly kind: 'interceptor';
  readonly name: string;
  readonly __payload?: T;
}

/** Declares an event. @example export const RunFinished = defineEvent<RunFinishedPayload>('run.finished'); */
export function defineEvent<T>(name: string): EventHook<T> {
  return Object.freeze({ kind: 'event', name });
}

/** Declares an interceptor. @example defineInterceptor<ModelTransition>('model.version.beforeTransition') */
export function defineInterceptor<T>(name: string): InterceptorHook<T> {
  return Object.freeze({ kind: 'interceptor', name });
}

/** What an interceptor decides. Build it with {@link pass}, {@link amend} or {@link veto}. */
export type InterceptorResult<T> =
  | { readonly action: 'pass' }
  | { readonly action: 'amend'; readonly payload: T }
  | { readonly action: 'veto'; readonly reason: string };

/** Lets the operation go on unchanged. */
export function pass(): InterceptorResult<never> {
  return { action: 'pass' };
}

/** Lets the operation go on with a changed payload; later interceptors see the new one. */
export function amend<T>(payload: T): InterceptorResult<T> {
  return { action: 'amend', payload };
}

/** Stops the operation; the caller receives a `VetoedError` carrying the reason. */
export function veto(reason: string): InterceptorResult<never> {
  return { action: 'veto', reason };
}

/** An event listener. Its errors and rejections are logged and never reach the emitter. */
export type EventListener<T> = (payload: T) => void | Promise<void>;

/** An interceptor handler. Returning nothing passes. */
export type InterceptorHandler<T> = (
  payload: T,
) => InterceptorResult<T> | undefined | Promise<InterceptorResult<T> | undefined>;
