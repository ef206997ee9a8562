import { createKernel, createLogger } from '@mlops/core';
import type { Kernel, PluginOptionsInput } from '@mlops/plugin-api';
import type { StoreSqlOptions } from '../src/index.js';
import { storeSqlPlugin } from '../src/index.js';

/** A started kernel with store-sql alone, and the lines it logged (parsed pino JSON). */
export interface StoreKernel {
  readonly kernel: Kernel;
  readonly logs: readonly { readonly level: number; readonly msg?: string }[];
}

/** Starts a kernel with store-sql; the caller stops it. */
export async function startStoreKernel(options: PluginOptionsInput<StoreSqlOptions>): Promise<StoreKernel> {
  const logs: { level: number; msg?: string }[] = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as { level: number }) },
  });
  const kernel = createKernel({ plugins: [storeSqlPlugin(options)], logger });
  await kernel.start();
  return { kernel, logs };
}
