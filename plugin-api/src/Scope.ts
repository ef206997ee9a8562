import type { Token } from './Token.js';

/** A class whose constructor parameters are injected with `@inject(Token.key)`. */
export type Injectable<T> = new (...args: never[]) => T;

/**
 * A dependency-injection scope: the kernel's root, or a child made per request. Values provided
 * in a child are visible in it and its own children only.
 */
export interface Scope {
  /** @throws NotFoundError when nothing provides `token` here. */
  get<T>(token: Token<T>): T;
  /** The provider of `token`, or undefined. */
  find<T>(token: Token<T>): T | undefined;
  /** Every provider of a `'many'` token, in plugin order. */
  getAll<T>(token: Token<T>): T[];
  /** Provides a value in this scope only. */
  provide<T>(token: Token<T>, value: T): void;
  /** Builds a class whose constructor parameters use `@inject(Token.key)`. */
  resolve<T>(type: Injectable<T>): T;
  /** A child scope, e.g. one per HTTP request. */
  createScope(): Scope;
}
