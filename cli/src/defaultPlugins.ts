import type { PluginInstance } from '@mlops/plugin-api';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';

/**
 * The embedded defaults `mlops start` runs when no config file is found: metadata in SQLite at
 * `.mlops/mlops.db`, artifacts under `.mlops/artifacts`. Each later capability (tracking, the
 * registry, the HTTP server) joins this list as it lands.
 */
export function defaultPlugins(): PluginInstance[] {
  return [storeSqlPlugin(), storageFsPlugin()];
}
