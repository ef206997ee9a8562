import type { PluginInstance } from '@mlops/plugin-api';
import { registryPlugin } from '@mlops/plugin-registry';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';

/**
 * The embedded defaults `mlops start` runs when no config file is found: metadata in SQLite at
 * `.mlops/mlops.db`, artifacts under `.mlops/artifacts`, experiment tracking and the model
 * registry. The HTTP server joins this list when it lands.
 */
export function defaultPlugins(): PluginInstance[] {
  return [storeSqlPlugin(), storageFsPlugin(), trackingPlugin(), registryPlugin()];
}
