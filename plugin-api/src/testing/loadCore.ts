import { FailedPreconditionError } from '../errors.js';
import type { Kernel, KernelOptions } from '../Kernel.js';
import type { Logger } from '../ports/Logger.js';
import { PLUGIN_API_VERSION } from '../version.js';

/** Where a pino-compatible logger writes: one JSON line per call. */
export interface LogDestination {
  write(line: string): void;
}

/**
 * The part of `@mlops/core` the testing helpers use. Declared here because plugin-api cannot
 * depend on core (core depends on plugin-api); it must stay in step with core's exports.
 */
export interface CoreModule {
  createKernel(options: KernelOptions): Kernel;
  createLogger(options: { level?: string; destination?: LogDestination }): Logger;
}

/**
 * Loads `@mlops/core` at run time. The name is a variable so that tsc does not resolve it:
 * core is only an optional peer dependency of plugin-api.
 * @throws FailedPreconditionError when the module is not installed or lacks the expected exports.
 */
export async function loadCore(moduleName = '@mlops/core'): Promise<CoreModule> {
  let loaded: unknown;
  try {
    loaded = await import(moduleName);
  } catch (err) {
    // Only the module itself missing gets the install hint; a broken install of core (one of its
    // own dependencies missing) keeps its original error.
    if (isMissingModule(err, moduleName)) {
      throw new FailedPreconditionError(
        `createTestKernel needs ${moduleName}, which is not installed: run \`npm install -D ${moduleName}\``,
        { reason: 'core_missing' },
        { cause: err },
      );
    }
    throw err;
  }
  if (!isCoreModule(loaded)) {
    throw new FailedPreconditionError(
      `${moduleName} does not export createKernel and createLogger: install the version that matches @mlops/plugin-api ${PLUGIN_API_VERSION}`,
      { reason: 'core_mismatch' },
    );
  }
  return loaded;
}

function isMissingModule(err: unknown, moduleName: string): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${moduleName}'`)
  );
}

function isCoreModule(value: unknown): value is CoreModule {
  const candidate = (value ?? {}) as Partial<Record<keyof CoreModule, unknown>>;
  return typeof candidate.createKernel === 'function' && typeof candidate.createLogger === 'function';
}
