import type { PluginInstance } from '@mlops/plugin-api';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';

/**
 * The embedded defaults `mlops start` runs when no config file is found: SQLite under `.mlops/`.
 * Each later capability (local artifact storage, tracking, the HTTP server) joins this list as it
 * lands.
 */
export function defaultPlugins(): PluginInstance[] {
  return [storeSqlPlugin()];
}
