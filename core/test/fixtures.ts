import {
  createToken,
  definePlugin,
  type JsonSchema,
  type PluginContext,
  type Token,
} from '@mlops/plugin-api';
import { createLogger } from '../src/index.js';

export const PortA = createToken<{ a: string }>({ id: 'test.a' });
export const PortB = createToken<{ b: string }>({ id: 'test.b' });
export const PortC = createToken<{ c: string }>({ id: 'test.c' });
export const Many = createToken<{ n: number }>({ id: 'test.many', cardinality: 'many' });

/** A plugin built from a few declarations; `journal` records what ran. */
export function testPlugin(
  name: string,
  spec: {
    provides?: Token<unknown>[];
    requires?: Token<unknown>[];
    optional?: Token<unknown>[];
    late?: Token<unknown>[];
    apiVersion?: string;
    configSchema?: JsonSchema;
    journal?: string[];
    setup?: (ctx: PluginContext<Record<string, unknown>>) => void | Promise<void>;
    start?: () => void | Promise<void>;
    stop?: () => void | Promise<void>;
  } = {},
) {
  const journal = spec.journal ?? [];
  return definePlugin<Record<string, unknown>>({
    name,
    version: '1.0.0',
    apiVersion: spec.apiVersion ?? '^0.1.0',
    provides: spec.provides ?? [],
    requires: spec.requires ?? [],
    optional: spec.optional ?? [],
    late: spec.late ?? [],
    configSchema: spec.configSchema,
    async setup(ctx) {
      journal.push(`setup ${name}`);
      for (const token of spec.provides ?? []) ctx.provide(token, { from: name } as never);
      await spec.setup?.(ctx);
    },
    async start() {
      journal.push(`start ${name}`);
      await spec.start?.();
    },
    async stop() {
      journal.push(`stop ${name}`);
      await spec.stop?.();
    },
  });
}

/** A logger whose JSON lines land in `lines`. */
export function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (l: string) => lines.push(JSON.parse(l)) },
  });
  return { logger, lines };
}

/** The error a promise rejects with, or a failure if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The error a function throws, or a failure if it returns. */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw, but the function returned');
}
