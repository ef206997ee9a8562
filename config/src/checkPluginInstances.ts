import { isPluginInstance, type PluginInstance } from '@mlops/plugin-api';
import { ConfigError } from './ConfigError.js';
import { describeValue } from './describeValue.js';

/**
 * Checks that every `plugins` entry of a TypeScript or JavaScript config is a plugin instance, i.e.
 * a factory call such as `sqlStorePlugin({ url })`.
 * @throws ConfigError CONFIG_BAD_PLUGIN_ENTRY naming the entry; a factory left uncalled gets a hint.
 */
export function checkPluginInstances(filepath: string, entries: unknown[]): PluginInstance[] {
  return entries.map((entry, index) => {
    if (isPluginInstance(entry)) return entry;
    const manifest = typeof entry === 'function' ? (entry as { manifest?: unknown }).manifest : undefined;
    const problem = isPluginInstance({ manifest })
      ? `plugins[${index}] is the factory of plugin "${(manifest as { name: string }).name}", not a plugin instance: call it, as in myPlugin({ ... })`
      : `plugins[${index}] is not a plugin instance, got ${describeValue(entry)}: list factory calls, as in myPlugin({ ... })`;
    throw new ConfigError('CONFIG_BAD_PLUGIN_ENTRY', filepath, problem, { field: `/plugins/${index}` });
  });
}
