import { BlobStore, Database, definePlugin, HttpRoutes, Registry } from '@mlops/plugin-api';
import { DriftService } from './DriftService.js';
import { driftRoutes } from './http/driftRoutes.js';
import { CheckScheduler } from './monitoring/CheckScheduler.js';
import { DetectorTable } from './monitoring/DetectorTable.js';
import { type DriftOptions, driftOptionsSchema } from './monitoring/driftOptions.js';
import { migrations } from './monitoring/migrations/index.js';
import { SqlDriftService } from './monitoring/SqlDriftService.js';

// The kernel passes one context object to a plugin's setup, start and stop, so it keys the
// scheduler of each kernel (tests run several in one process).
const schedulers = new WeakMap<object, CheckScheduler>();

/**
 * Drift monitoring: reference datasets per model version (in the BlobStore), batches of current
 * data, drift reports on demand or every `checkIntervalMs`, a `drift.detected` event when a dataset
 * drifts, and concept drift detectors whose state lives in the Database. With an HTTP server, serves
 * it all under `/api/v1/drift/`.
 * @example
 * export default defineConfig({
 *   plugins: [storeSqlPlugin(), storageFsPlugin(), registryPlugin(), driftPlugin({ checkIntervalMs: 3_600_000 })],
 * });
 */
export const driftPlugin = definePlugin<DriftOptions>({
  name: '@mlops/plugin-drift',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'data drift reports, scheduled checks and concept drift detectors per model version',
  provides: [DriftService],
  requires: [Database, BlobStore],
  optional: [HttpRoutes, Registry],
  configSchema: driftOptionsSchema,
  async setup(ctx) {
    const database = ctx.get(Database);
    const db = await database.forPlugin(ctx.name, migrations);
    const service = new SqlDriftService({
      db,
      blobs: ctx.get(BlobStore),
      hooks: ctx.hooks,
      detectors: new DetectorTable(db, database.dialect),
      registry: ctx.find(Registry),
      spillDirectory: ctx.options.spillDirectory,
    });
    ctx.provide(DriftService, service);
    ctx.find(HttpRoutes)?.add(...driftRoutes(service, ctx.options.maxUploadBytes));
    schedulers.set(ctx, new CheckScheduler(service, ctx.options.checkIntervalMs, ctx.logger));
  },
  start(ctx) {
    schedulers.get(ctx)?.start();
  },
  async stop(ctx) {
    await schedulers.get(ctx)?.stop();
  },
});
