import type { Knex } from 'knex';
import { createToken } from '../Token.js';

/** One schema change of one plugin. Names sort in the order they apply: `20261122_01_createRuns`. */
export interface Migration {
  readonly name: string;
  up(db: Knex): Promise<void>;
  down?(db: Knex): Promise<void>;
}

/** A relational store shared by plugins, each with its own tables and migrations. */
export interface Database {
  /** The SQL dialect behind the knex handles. */
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Applies the plugin's pending migrations (each in its own transaction, recorded per plugin) and
   * returns a knex handle for it. Safe to call from several processes at once.
   * @throws UnavailableError when the database does not answer; the migration's error when one fails.
   */
  forPlugin(pluginName: string, migrations: readonly Migration[]): Promise<Knex>;
}

/** The metadata database (store-sql on SQLite by default, PostgreSQL at scale). */
export const Database = createToken<Database>({
  id: 'storage.database',
  description: 'knex handles with per-plugin migrations',
});
