import { PLUGIN_API_VERSION, type PluginManifest } from '@mlops/plugin-api';
import semver from 'semver';

/** The problem with a plugin's apiVersion range, or undefined when the installed plugin-api fits it. */
export function checkApiVersion(
  manifest: PluginManifest<unknown>,
  installed: string = PLUGIN_API_VERSION,
): string | undefined {
  const range = manifest.apiVersion;
  if (typeof range !== 'string' || semver.validRange(range) === null) {
    return `plugin "${manifest.name}" has an invalid apiVersion range ${JSON.stringify(range)}`;
  }
  // Pre-releases of plugin-api (0.2.0-rc.1) are tried against ranges like ^0.2.0 too, so plugin
  // authors can test a release candidate without rewriting their ranges.
  if (semver.satisfies(installed, range, { includePrerelease: true })) return undefined;
  return `plugin "${manifest.name}" was built for plugin-api ${range}, but ${installed} is installed`;
}
