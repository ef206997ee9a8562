import { loadConfig, type MlopsConfig } from '@mlops/config';
import { createKernel, KernelError } from '@mlops/core';
import type { Kernel } from '@mlops/plugin-api';
import { defaultPlugins } from './defaultPlugins.js';

/** The config the CLI runs: from a file, or the embedded defaults. */
export interface Platform {
  /** The config file's path, or `embedded defaults`. */
  readonly source: string;
  readonly config: MlopsConfig;
}

/** Finds and loads the config from `cwd` (or `file`), falling back to the embedded defaults. */
export async function loadPlatform(cwd: string, file?: string): Promise<Platform> {
  const loaded = await loadConfig(file === undefined ? { cwd } : { cwd, file });
  if (loaded === undefined) return { source: 'embedded defaults', config: { plugins: defaultPlugins() } };
  return { source: loaded.filepath, config: loaded.config };
}

/**
 * Creates the kernel for a platform. Kernel errors are rethrown with each line prefixed by the
 * config file, so a user sees which file holds the bad plugin or option.
 */
export function createPlatformKernel(platform: Platform): Kernel {
  try {
    return createKernel({ plugins: platform.config.plugins, logLevel: platform.config.logLevel });
  } catch (err) {
    if (!(err instanceof KernelError)) throw err;
    throw new KernelError(
      err.code,
      err.problems.map((p) => `${platform.source}: ${p}`),
      { category: err.category, cause: err },
    );
  }
}
