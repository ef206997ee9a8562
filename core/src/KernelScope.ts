import { type Injectable, NotFoundError, type Scope, type Token } from '@mlops/plugin-api';
import type { DependencyContainer } from 'tsyringe';

/** A Scope over a tsyringe container: the kernel's own child container, or a child of it. */
export class KernelScope implements Scope {
  constructor(private readonly container: DependencyContainer) {}

  get<T>(token: Token<T>): T {
    const value = this.find(token);
    if (value === undefined) throw new NotFoundError(`nothing provides ${token}`, { field: token.id });
    return value;
  }

  find<T>(token: Token<T>): T | undefined {
    if (!this.container.isRegistered(token.key, true)) return undefined;
    return token.cardinality === 'many' ? this.getAll(token)[0] : this.container.resolve<T>(token.key);
  }

  getAll<T>(token: Token<T>): T[] {
    if (!this.container.isRegistered(token.key, true)) return [];
    return this.container.resolveAll<T>(token.key);
  }

  provide<T>(token: Token<T>, value: T): void {
    this.container.register<T>(token.key, { useValue: value });
  }

  resolve<T>(type: Injectable<T>): T {
    return this.container.resolve(type as never) as T;
  }

  createScope(): Scope {
    return new KernelScope(this.container.createChildContainer());
  }
}
