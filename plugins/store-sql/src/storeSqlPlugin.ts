import { Database, definePlugin } from '@mlops/plugin-api';
import { openSqlDatabase } from './openSqlDatabase.js';
import { type StoreSqlOptions, storeSqlOptionsSchema } from './options.js';

/**
 * Provides the Database port on SQLite (the default, a file under `.mlops/`) or PostgreSQL, with
 * per-plugin migrations. The connection opens in setup and closes when the kernel stops.
 * @throws UnavailableError (through the kernel's setup error) when the database cannot be reached.
 * @example
 * export default defineConfig({
 *   plugins: [storeSqlPlugin({ url: process.env.DATABASE_URL ?? 'sqlite:.mlops/mlops.db' })],
 * });
 */
export const storeSqlPlugin = definePlugin<StoreSqlOptions>({
  name: '@mlops/plugin-store-sql',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'Database port on SQLite or PostgreSQL, with per-plugin migrations',
  provides: [Database],
  configSchema: storeSqlOptionsSchema,
  async setup(ctx) {
    const { url, ssl, schema, sqlite } = ctx.options;
    if (url.startsWith('sqlite:') && (ssl !== undefined || schema !== undefined)) {
      ctx.logger.warn('options ssl and schema apply to PostgreSQL only; they are ignored for SQLite');
    }
    if (!url.startsWith('sqlite:') && sqlite !== undefined) {
      ctx.logger.warn('option sqlite applies to SQLite only; it is ignored for PostgreSQL');
    }
    const database = await openSqlDatabase(ctx.options, ctx.logger);
    ctx.onClose(() => database.close());
    ctx.provide(Database, database);
  },
});
