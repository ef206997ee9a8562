import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPluginInstance, type PluginFactory, type PluginInstance } from '@mlops/plugin-api';
import { resolve } from 'import-meta-resolve';
import { ConfigError } from './ConfigError.js';
import { describeValue } from './describeValue.js';
import { messageOf } from './messageOf.js';

/** Where an entry sits: `plugins[2]` for messages, `/plugins/2` for `details.field`. */
interface EntryPlace {
  filepath: string;
  at: string;
  field: string;
}

/**
 * Turns the `plugins` entries of a JSON or YAML config (`"module"` or `["module", { options }]`)
 * into plugin instances: each module is resolved from the config file's directory, imported, and
 * its default export called with the options. Options are not validated here; the kernel does it.
 * @throws ConfigError CONFIG_BAD_PLUGIN_ENTRY, CONFIG_UNKNOWN_PLUGIN or CONFIG_PLUGIN_LOAD_FAILED.
 */
export async function resolvePluginEntries(filepath: string, entries: unknown[]): Promise<PluginInstance[]> {
  const instances: PluginInstance[] = [];
  for (const [index, entry] of entries.entries()) {
    const place = { filepath, at: `plugins[${index}]`, field: `/plugins/${index}` };
    const { moduleName, options } = parseEntry(place, entry);
    const factory = await importFactory(place, moduleName);
    let instance: unknown;
    try {
      instance = options === undefined ? factory() : factory(options);
    } catch (error) {
      const problem = `the factory of plugin module "${moduleName}" threw: ${messageOf(error)}`;
      throw fail('CONFIG_PLUGIN_LOAD_FAILED', place, problem, error);
    }
    if (!isPluginInstance(instance)) {
      const problem = `the factory of plugin module "${moduleName}" returned ${describeValue(instance)}, not a plugin instance`;
      throw fail('CONFIG_BAD_PLUGIN_ENTRY', place, problem);
    }
    instances.push(instance);
  }
  return instances;
}

function parseEntry(place: EntryPlace, entry: unknown): { moduleName: string; options?: object } {
  if (typeof entry === 'string' && entry !== '') return { moduleName: entry };
  if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && entry[0] !== '') {
    const options: unknown = entry[1];
    if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
      return { moduleName: entry[0], options };
    }
  }
  const got = Array.isArray(entry) ? shortJson(entry) : describeValue(entry);
  throw fail(
    'CONFIG_BAD_PLUGIN_ENTRY',
    place,
    `expected a module name or a [moduleName, { options }] pair, got ${got}`,
  );
}

async function importFactory(place: EntryPlace, moduleName: string): Promise<PluginFactory<unknown>> {
  const from = dirname(place.filepath);
  let url: string;
  try {
    url = resolve(moduleName, pathToFileURL(place.filepath).href);
  } catch (error) {
    const problem =
      (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND'
        ? `plugin module "${moduleName}" was not found from ${from}`
        : `plugin module "${moduleName}" cannot be resolved from ${from}: ${messageOf(error)}`;
    throw fail('CONFIG_UNKNOWN_PLUGIN', place, problem, error);
  }
  let mod: { default?: unknown };
  try {
    mod = await import(url);
  } catch (error) {
    throw fail(
      'CONFIG_PLUGIN_LOAD_FAILED',
      place,
      `importing plugin module "${moduleName}" failed: ${messageOf(error)}`,
      error,
    );
  }
  const factory = mod.default;
  if (
    typeof factory !== 'function' ||
    !isPluginInstance({ manifest: (factory as { manifest?: unknown }).manifest })
  ) {
    const problem = `the default export of "${moduleName}" is ${describeValue(factory)}, not a plugin factory (made with definePlugin)`;
    throw fail('CONFIG_BAD_PLUGIN_ENTRY', place, problem);
  }
  return factory as PluginFactory<unknown>;
}

function fail(
  code: 'CONFIG_BAD_PLUGIN_ENTRY' | 'CONFIG_UNKNOWN_PLUGIN' | 'CONFIG_PLUGIN_LOAD_FAILED',
  place: EntryPlace,
  problem: string,
  cause?: unknown,
): ConfigError {
  return new ConfigError(code, place.filepath, `${place.at}: ${problem}`, { field: place.field, cause });
}

function shortJson(value: unknown[]): string {
  const json = JSON.stringify(value);
  return json.length <= 60 ? json : `${json.slice(0, 57)}...`;
}
