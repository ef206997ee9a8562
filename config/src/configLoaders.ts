import { pathToFileURL } from 'node:url';
import { defaultLoaders, type Loaders } from 'cosmiconfig';
import { createJiti } from 'jiti';

/** A module's default export, or the whole module when it has none. */
function defaultOrModule(mod: Record<string, unknown>): unknown {
  return 'default' in mod ? mod.default : mod;
}

/**
 * TypeScript configs go through jiti: Node 20 cannot import .ts, and cosmiconfig's own TS loader
 * needs the TypeScript compiler API, which typescript@7 no longer has. Packages the config imports
 * (plugins, @mlops/config) are still loaded natively, so they are the same module instances the
 * kernel sees.
 */
async function loadTypeScript(filepath: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
  return defaultOrModule(await jiti.import<Record<string, unknown>>(filepath));
}

async function loadJavaScript(filepath: string): Promise<unknown> {
  return defaultOrModule(await import(pathToFileURL(filepath).href));
}

/** Readers for each config file extension, as cosmiconfig `loaders`. */
export const configLoaders: Loaders = {
  '.ts': loadTypeScript,
  '.mts': loadTypeScript,
  '.js': loadJavaScript,
  '.mjs': loadJavaScript,
  '.cjs': loadJavaScript,
  '.json': defaultLoaders['.json'],
  '.yaml': defaultLoaders['.yaml'],
  '.yml': defaultLoaders['.yml'],
};

/** Extensions whose configs are plain data: plugins are module names, strings may use `${env:NAME}`. */
export const dataConfigExtensions: readonly string[] = ['.json', '.yaml', '.yml'];
