import type { Knex } from 'knex';
import { createToken } from '../Token.js';
import type { WriteLockRequests } from './WriteLockRequests.js';

/**
 * One schema change of one plugin. A plugin lists its migrations sorted by name (plain string
 * order), which is the order they apply: `20261122_01_createRuns`.
 */
export interface Migration {
  readonly name: string;
  /**
   * Makes the change through `db`: a transaction that also records the migration, so a throw
   * undoes both. Use no other handle inside (on SQLite it would wait for this transaction).
   */
  up(db: Knex): Promise<void>;
  down?(db: Knex): Promise<void>;
}

/** A relational store shared by plugins, each with its own tables and migrations. */
export interface Database {
  /**
   * The SQL dialect behind the knex handles, and the driver under them: better-sqlite3 for
   * `'sqlite'`, node-postgres (pg) for `'postgres'`. A hot path may borrow the driver's own
   * connection, to run prepared statements that knex would build and prepare anew each time:
   * `knex.client.acquireConnection()` lends one that no other query uses until it is given back
   * with `knex.client.releaseConnection(connection)`; inside a transaction,
   * `trx.client.acquireConnection()` gives the transaction's own.
   */
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * On an SQLite file: the transactions of this process's main thread waiting for the write lock.
   * A plugin that writes to the same file from a worker thread, on a connection of its own, passes
   * `writeLockRequests.buffer` to it and calls `waitWhileAsked()` before each transaction, so that
   * the main thread is not starved of the lock. Undefined on PostgreSQL and in memory.
   */
  readonly writeLockRequests?: WriteLockRequests;
  /**
   * Applies the plugin's pending migrations, those not yet recorded for `pluginName`, in list
   * order, and returns a knex handle for its queries (owned by the provider: do not destroy it).
   * Records are kept per plugin, so two plugins may use the same migration name. Each migration
   * runs in its own transaction together with its record: one that throws leaves no trace, and
   * the ones before it stay applied. Safe to call concurrently, from one process or from several
   * on the same database: each migration is applied exactly once, and the other callers wait.
   * @throws InvalidArgumentError, before anything is applied, when `migrations` is not sorted by
   * name (`migrations of plugin "<plugin>" must be sorted by name: "<name>" is listed after "<previous>"`)
   * or repeats a name (`migrations of plugin "<plugin>" must have unique names: "<name>" is listed twice`);
   * `details.field` is `migrations[<index>]`.
   * @throws InternalError `migration "<name>" of plugin "<plugin>" failed: <message>`, with the
   * migration's error as `cause`, when a migration throws.
   * @throws UnavailableError when the database does not answer (it names the host, never a password).
   */
  forPlugin(pluginName: string, migrations: readonly Migration[]): Promise<Knex>;
}

/** The metadata database (store-sql on SQLite by default, PostgreSQL at scale). */
export const Database = createToken<Database>({
  id: 'storage.database',
  description: 'knex handles with per-plugin migrations',
});
