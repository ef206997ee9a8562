import {
  Auth,
  BlobStore,
  Database,
  definePlugin,
  HttpRoutes,
  LoggedModels,
  Registry,
  Tracking,
} from '@mlops/plugin-api';
import { gcCommand } from './gcCommand.js';
import { registryRoutes } from './http/registryRoutes.js';
import { migrations } from './migrations/index.js';
import { type RegistryOptions, registryOptionsSchema } from './options.js';
import { purgeCommand } from './purgeCommand.js';
import { SqlRegistry } from './SqlRegistry.js';

/**
 * The model registry: registered models, versions, stages, aliases, their history, lineage and
 * model cards, with promotions guarded by `model.version.beforeTransition` interceptors. Tracking
 * (lineage, run checks, cards) and BlobStore (stored cards, purge and garbage collection of owned
 * artifacts) are optional; with HttpRoutes (the http plugin) it serves the native API under
 * `/api/v1/` and MLflow's model registry REST API. Adds `mlops registry purge` and `mlops registry gc`.
 * @example
 * export default defineConfig({
 *   plugins: [storeSqlPlugin(), storageFsPlugin(), trackingPlugin(), registryPlugin({ retentionDays: 30 })],
 * });
 */
export const registryPlugin = definePlugin<RegistryOptions>({
  name: '@mlops/plugin-registry',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'model registry: versions, stages, aliases, history, lineage, model cards',
  provides: [Registry],
  requires: [Database],
  optional: [Tracking, LoggedModels, BlobStore, HttpRoutes],
  late: [Auth],
  configSchema: registryOptionsSchema,
  async setup(ctx) {
    const database = ctx.get(Database);
    const db = await database.forPlugin(ctx.name, migrations);
    const registry = new SqlRegistry({
      db,
      dialect: database.dialect,
      hooks: ctx.hooks,
      logger: ctx.logger,
      options: ctx.options,
      tracking: ctx.find(Tracking),
      loggedModels: ctx.find(LoggedModels),
      blobs: ctx.find(BlobStore),
      auth: () => ctx.find(Auth),
    });
    ctx.provide(Registry, registry);
    ctx.find(HttpRoutes)?.add(...registryRoutes(registry));
    ctx.addCommand(purgeCommand);
    ctx.addCommand(gcCommand(registry, ctx.options.blobPrefix));
  },
});
