import {
  Auth,
  BlobMultipartUploads,
  BlobStore,
  Database,
  definePlugin,
  HttpRoutes,
  LoggedModels,
  Tracking,
} from '@mlops/plugin-api';
import { gcCommand } from './gcCommand.js';
import { trackingRoutes } from './http/trackingRoutes.js';
import { SqlLoggedModels } from './loggedModels/SqlLoggedModels.js';
import { MetricKeyIds } from './MetricKeyIds.js';
import { migrations } from './migrations/index.js';
import { type TrackingOptions, trackingOptionsSchema } from './options.js';
import { purgeCommand } from './purgeCommand.js';
import { SqlTracking } from './SqlTracking.js';
import { SqliteWriterThread } from './sqliteWriter/SqliteWriterThread.js';

/**
 * Experiment tracking with MLflow's semantics and limits (and MLflow 3's logged models), on the Database port (SQLite or
 * PostgreSQL); run artifacts go to the BlobStore port when one is configured. With an HTTP server
 * (HttpRoutes), serves MLflow's REST API, its artifact proxy and the native `/api/v1` API. Adds
 * `mlops tracking purge` and `mlops tracking gc`.
 * @example
 * export default defineConfig({
 *   plugins: [storeSqlPlugin(), storageFsPlugin(), trackingPlugin({ retentionDays: 30 })],
 * });
 */
export const trackingPlugin = definePlugin<TrackingOptions>({
  name: '@mlops/plugin-tracking',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'experiments, runs, params, metrics, tags, inputs, run artifacts, search and comparison',
  provides: [Tracking, LoggedModels],
  requires: [Database],
  optional: [BlobStore, BlobMultipartUploads, HttpRoutes],
  late: [Auth],
  configSchema: trackingOptionsSchema,
  async setup(ctx) {
    const database = ctx.get(Database);
    const db = await database.forPlugin(ctx.name, migrations);
    const writerThread =
      database.dialect === 'sqlite' && ctx.options.writerThread
        ? new SqliteWriterThread(db, database.writeLockRequests)
        : undefined;
    if (writerThread !== undefined) ctx.onClose(() => writerThread.close());
    const trackingContext = {
      db,
      dialect: database.dialect,
      ...(writerThread === undefined ? {} : { writerThread }),
      hooks: ctx.hooks,
      options: ctx.options,
      blobs: ctx.find(BlobStore),
      metricKeys: new MetricKeyIds(db),
      auth: () => ctx.find(Auth),
    };
    const tracking = new SqlTracking(trackingContext);
    const loggedModels = new SqlLoggedModels(trackingContext);
    ctx.provide(Tracking, tracking);
    ctx.provide(LoggedModels, loggedModels);
    const multipart = ctx.find(BlobMultipartUploads);
    ctx
      .find(HttpRoutes)
      ?.add(...trackingRoutes({ tracking, loggedModels, blobs: ctx.find(BlobStore), multipart }));
    ctx.addCommand(purgeCommand(tracking, ctx.options.retentionDays));
    ctx.addCommand(gcCommand(tracking));
  },
});
