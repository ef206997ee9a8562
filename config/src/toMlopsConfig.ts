import { extname } from 'node:path';
import { checkConfigKeys, checkConfigValues } from './checkConfigShape.js';
import { checkPluginInstances } from './checkPluginInstances.js';
import { dataConfigExtensions } from './configLoaders.js';
import { expandEnv } from './expandEnv.js';
import type { MlopsConfig } from './MlopsConfig.js';
import { resolvePluginEntries } from './resolvePluginEntries.js';

/**
 * Checks what a config file held and builds the config from it. JSON and YAML (package.json
 * included) are data: env references are expanded and plugins are loaded by module name. TS and
 * JS configs already hold plugin instances.
 * @throws ConfigError with the file's path at the start of its message.
 */
export async function toMlopsConfig(filepath: string, raw: unknown): Promise<MlopsConfig> {
  checkConfigKeys(filepath, raw);
  const isData = dataConfigExtensions.includes(extname(filepath));
  const shape = checkConfigValues(
    filepath,
    isData ? (expandEnv(filepath, raw) as Record<string, unknown>) : raw,
  );
  const plugins = isData
    ? await resolvePluginEntries(filepath, shape.plugins)
    : checkPluginInstances(filepath, shape.plugins);
  return { ...shape, plugins };
}
