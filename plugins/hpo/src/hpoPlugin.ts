import { Auth, Database, definePlugin, HttpRoutes, InvalidArgumentError, Tracking } from '@mlops/plugin-api';
import { bestCommand } from './commands/bestCommand.js';
import { reportCommand } from './commands/reportCommand.js';
import { studiesCommand } from './commands/studiesCommand.js';
import { Hpo } from './HpoService.js';
import { hpoRoutes } from './http/hpoRoutes.js';
import { type HpoOptions, hpoOptionsSchema } from './options.js';
import { PersistentHpo } from './service/PersistentHpo.js';
import { migrations } from './storage/migrations/index.js';
import { SqlStudyStorage } from './storage/SqlStudyStorage.js';

/**
 * Hyperparameter optimisation in Optuna's ask/tell shape, with studies persisted through the
 * `Database` port (SQLite, or PostgreSQL shared by many workers). Provides the `Hpo` service; with
 * an HTTP server (HttpRoutes) serves `/api/v1/hpo` (ask/tell for any language, plot data and the
 * HTML report); with the tracking plugin, links each trial to a tracking run. Adds
 * `mlops hpo studies` and `mlops hpo report <study>`.
 * @example
 * export default defineConfig({
 *   plugins: [storeSqlPlugin(), trackingPlugin(), httpPlugin(), hpoPlugin({ defaultSampler: 'TPESampler' })],
 * });
 */
export const hpoPlugin = definePlugin<HpoOptions>({
  name: '@mlops/plugin-hpo',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description:
    'hyperparameter optimisation: persisted studies, ask/tell over REST, best params, importances, reports',
  provides: [Hpo],
  requires: [Database],
  optional: [HttpRoutes, Tracking],
  late: [Auth],
  configSchema: hpoOptionsSchema,
  async setup(ctx) {
    const { heartbeatIntervalMs, staleAfterMs } = ctx.options;
    if (staleAfterMs <= heartbeatIntervalMs) {
      throw new InvalidArgumentError(
        `staleAfterMs (${staleAfterMs}) must be longer than heartbeatIntervalMs (${heartbeatIntervalMs})`,
        { field: 'staleAfterMs' },
      );
    }
    const db = await ctx.get(Database).forPlugin(ctx.name, migrations);
    const hpo = new PersistentHpo(new SqlStudyStorage(db), ctx.hooks, ctx.options, ctx.find(Tracking), () =>
      ctx.find(Auth),
    );
    ctx.provide(Hpo, hpo);
    ctx.find(HttpRoutes)?.add(...hpoRoutes(hpo));
    ctx.addCommand(studiesCommand(hpo));
    ctx.addCommand(reportCommand(hpo));
    ctx.addCommand(bestCommand(hpo));
    ctx.onClose(() => hpo.close());
  },
});
