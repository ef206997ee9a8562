import type { PluginInstance } from '@mlops/plugin-api';
import { httpPlugin } from '@mlops/plugin-http';
import { registryPlugin } from '@mlops/plugin-registry';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';

/**
 * The embedded defaults `mlops start` runs when no config file is found: metadata in SQLite at
 * `.mlops/mlops.db`, artifacts under `.mlops/artifacts`, the HTTP API on 127.0.0.1:5000
 * (`MLOPS_HOST` and `MLOPS_PORT` in `env` change the address), experiment tracking and the
 * model registry.
 */
export function defaultPlugins(env: NodeJS.ProcessEnv = process.env): PluginInstance[] {
  const address: { host?: string; port?: number } = {};
  if (env.MLOPS_HOST) address.host = env.MLOPS_HOST;
  if (env.MLOPS_PORT) address.port = Number(env.MLOPS_PORT);
  return [storeSqlPlugin(), storageFsPlugin(), httpPlugin(address), trackingPlugin(), registryPlugin()];
}
