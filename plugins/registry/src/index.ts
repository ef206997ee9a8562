import {
  type CallContext,
  type CollectGarbageOptions,
  FailedPreconditionError,
  type GarbageReport,
  type Registry,
} from '@mlops/plugin-api';
import { registryPlugin } from './registryPlugin.js';
import { SqlRegistry } from './SqlRegistry.js';

export type { CollectGarbageOptions, GarbageReport, OrphanObject } from '@mlops/plugin-api';
export type { MetricGateOptions, MetricRule } from './gate/metricGateOptions.js';
export { metricGatePlugin } from './gate/metricGatePlugin.js';
export type { RegistryOptions } from './options.js';
export { registryPlugin };

/**
 * Deletes the BlobStore objects under the registry's `blobPrefix` whose model version no longer
 * exists (purged, or never created) and that were last modified at least `options.minAgeMs` ago
 * (default one hour); versions in any lifecycle stage keep theirs. A dry run only reports. Each
 * collection is recorded with `call`'s principal.
 * @throws FailedPreconditionError when `registry` is not this plugin's or no BlobStore is
 * configured; InvalidArgumentError for a bad option.
 * @example
 * const report = await collectGarbage(kernel.get(Registry), { dryRun: true }, systemCall());
 */
export async function collectGarbage(
  registry: Registry,
  options: CollectGarbageOptions,
  call: CallContext,
): Promise<GarbageReport> {
  if (!(registry instanceof SqlRegistry)) {
    throw new FailedPreconditionError(
      'collectGarbage needs the Registry provided by @mlops/plugin-registry',
      {
        field: 'registry',
      },
    );
  }
  return registry.collectGarbage(options, call);
}

/** The plugin factory, as the default export so JSON and YAML configs can load it by package name. */
export default registryPlugin;
