import { createRequire } from 'node:module';
import { retryWhileSqliteBusy, type WriteLockRequests } from '@mlops/plugin-api';
import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';

const require = createRequire(import.meta.url);

/** The part of knex's SQLite transaction class this module overrides. */
type TransactionClass = new (
  client: unknown,
  ...rest: unknown[]
) => { begin(conn: unknown): Promise<unknown> };
/** The part of knex's client class this module overrides; knex takes the class as `client`. */
type ClientClass = new (
  config: Knex.Config,
) => {
  transaction(...args: unknown[]): unknown;
  _query(connection: unknown, query: { sql: string }): Promise<unknown>;
};

// knex has no option for how an SQLite transaction begins, so these are its own classes (knex 3,
// which has no `exports` map): the better-sqlite3 client and its transaction, subclassed below.
const BetterSqlite3Client = require('knex/lib/dialects/better-sqlite3/index.js') as ClientClass;
const SqliteTransaction =
  require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as TransactionClass;

/**
 * Runs `attempt`, which needs the write lock, with no busy timeout on `conn`, through
 * {@link retryWhileSqliteBusy}: while another connection (a writer thread, another process)
 * holds the lock it is tried again every millisecond, up to `busyTimeoutMs`, without blocking the
 * event loop, and counted in `lockRequests` meanwhile.
 * @throws the SQLITE_BUSY error once `busyTimeoutMs` has passed; any other error at once.
 */
export function withoutBlocking<T>(
  conn: BetterSqlite3.Database,
  busyTimeoutMs: number,
  lockRequests: WriteLockRequests | undefined,
  attempt: () => T | Promise<T>,
): Promise<T> {
  return retryWhileSqliteBusy(
    async () => {
      conn.pragma('busy_timeout = 0');
      try {
        return await attempt();
      } finally {
        conn.pragma(`busy_timeout = ${busyTimeoutMs}`);
      }
    },
    { timeoutMs: busyTimeoutMs, lockRequests },
  );
}

/** Takes the write lock with `BEGIN IMMEDIATE`, {@link withoutBlocking}. */
export function beginImmediate(
  conn: BetterSqlite3.Database,
  busyTimeoutMs: number,
  lockRequests?: WriteLockRequests,
): Promise<void> {
  return withoutBlocking(conn, busyTimeoutMs, lockRequests, () => {
    conn.exec('BEGIN IMMEDIATE');
  });
}

/** A statement that writes (and so takes the write lock when it runs on its own). */
const writeStatement = /^\s*(insert|update|delete|replace|create|drop|alter)\b/i;

/**
 * knex's better-sqlite3 client, whose transactions begin with {@link beginImmediate} instead of
 * a deferred `BEGIN`, and whose writes outside a transaction wait for the lock
 * {@link withoutBlocking} too. A deferred transaction that reads, then writes, fails with SQLITE_BUSY at
 * once (the busy handler is not even called) when another connection committed in between, which
 * a writer thread or a second process does all the time; one that holds the write lock from its
 * first statement never fails for want of it. Nested transactions stay savepoints.
 */
export function immediateSqliteClient(busyTimeoutMs: number, lockRequests?: WriteLockRequests): ClientClass {
  class ImmediateTransaction extends SqliteTransaction {
    override begin(conn: unknown): Promise<void> {
      return beginImmediate(conn as BetterSqlite3.Database, busyTimeoutMs, lockRequests);
    }
  }
  return class ImmediateBetterSqlite3Client extends BetterSqlite3Client {
    override transaction(...args: unknown[]): unknown {
      return new ImmediateTransaction(this, ...args);
    }

    override _query(connection: unknown, query: { sql: string }): Promise<unknown> {
      const conn = connection as BetterSqlite3.Database;
      if (conn.inTransaction || !writeStatement.test(query.sql)) return super._query(connection, query);
      return withoutBlocking(conn, busyTimeoutMs, lockRequests, () => super._query(connection, query));
    }
  };
}
