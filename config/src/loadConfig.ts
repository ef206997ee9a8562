import { extname, resolve } from 'node:path';
import { type CosmiconfigResult, cosmiconfig } from 'cosmiconfig';
import { ConfigError } from './ConfigError.js';
import { configLoaders } from './configLoaders.js';
import { configSearchPlaces } from './configSearchPlaces.js';
import type { MlopsConfig } from './MlopsConfig.js';
import { toMlopsConfig } from './toMlopsConfig.js';
import { wrapLoadError } from './wrapLoadError.js';

/** Where {@link loadConfig} looks. */
export interface LoadConfigOptions {
  /** The directory the search starts from, and that a relative `file` is resolved against. Defaults to `process.cwd()`. */
  cwd?: string;
  /** Load this file instead of searching. */
  file?: string;
}

/** A config that was found, checked, and whose plugins are instances. */
export interface LoadedConfig {
  /** The absolute path of the file the config came from. */
  filepath: string;
  config: MlopsConfig;
}

/**
 * Finds and loads the mlops config. Without `file`, it searches `cwd` and then each parent
 * directory, up to and including the first one with a package.json, for the names in
 * {@link configSearchPlaces} (first match wins).
 * @returns undefined when the search finds no config.
 * @throws ConfigError (category InvalidArgument), its message starting with the file's path.
 * @example
 * const loaded = await loadConfig();
 * if (loaded === undefined) throw new Error('no mlops.config.* found');
 * const kernel = createKernel({ plugins: loaded.config.plugins });
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig | undefined> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const explorer = cosmiconfig('mlops', {
    searchPlaces: [...configSearchPlaces],
    loaders: configLoaders,
    searchStrategy: 'project',
    ignoreEmptySearchPlaces: false,
    cache: false,
  });
  if (options.file === undefined) {
    const found = await read(() => explorer.search(cwd), cwd);
    return found === null
      ? undefined
      : { filepath: found.filepath, config: await toMlopsConfig(found.filepath, found.config) };
  }
  const file = resolve(cwd, options.file);
  if (configLoaders[extname(file)] === undefined) {
    const known = Object.keys(configLoaders).join(', ');
    throw new ConfigError(
      'CONFIG_FILE_TYPE',
      file,
      `cannot read "${extname(file)}" files; use one of ${known}`,
    );
  }
  const result = await read(() => explorer.load(file), file);
  if (result === null) throw new ConfigError('CONFIG_INVALID', file, 'has no "mlops" key');
  return { filepath: result.filepath, config: await toMlopsConfig(result.filepath, result.config) };
}

async function read(how: () => Promise<CosmiconfigResult>, path: string): Promise<CosmiconfigResult> {
  try {
    return await how();
  } catch (error) {
    throw wrapLoadError(error, path);
  }
}
