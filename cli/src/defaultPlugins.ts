import type { PluginInstance } from '@mlops/plugin-api';

/**
 * The embedded defaults `mlops start` runs when no config file is found. Each later capability
 * (SQLite store, local artifact storage, tracking, the HTTP server) joins this list as it lands.
 */
export function defaultPlugins(): PluginInstance[] {
  return [];
}
