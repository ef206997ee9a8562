import { retryWhileSqliteBusy, type WriteLockRequests } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { WriteTurns } from './writeTurns.js';

/** The part of a better-sqlite3 statement the hot paths use. */
export interface SqliteStatement {
  /** Binds are passed as arguments: better-sqlite3 reads an array through a slower path. */
  run(...binds: unknown[]): { changes: number };
  get(...binds: unknown[]): unknown;
}

/** The part of a better-sqlite3 connection the hot paths use. */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  pragma(source: string, options?: { simple: boolean }): unknown;
  readonly inTransaction: boolean;
}

/** Prepares `sql` once per connection and returns the statement. */
export type PrepareCached = (sql: string) => SqliteStatement;

/** Statements kept per connection; past this many texts the oldest is dropped. */
const statementsPerConnection = 64;

const caches = new WeakMap<SqliteConnection, PrepareCached>();

function cacheOf(connection: SqliteConnection): PrepareCached {
  let prepare = caches.get(connection);
  if (prepare === undefined) {
    const statements = new Map<string, SqliteStatement>();
    prepare = (sql) => {
      let statement = statements.get(sql);
      if (statement === undefined) {
        if (statements.size >= statementsPerConnection) {
          statements.delete(statements.keys().next().value!);
        }
        statement = connection.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    };
    caches.set(connection, prepare);
  }
  return prepare;
}

/**
 * Runs `work` in one write transaction on a connection of `db`'s pool (store-sql's SQLite
 * connection, better-sqlite3), on statements prepared once per connection: knex prepares every
 * query anew, which costs as much as running a 1,000-row insert, and its transactions cost as
 * much again. While `work` runs the pool lends the connection to no one else, and `work` is
 * synchronous, so nothing interleaves. `BEGIN IMMEDIATE` takes the write lock first (waiting up
 * to 10 s, without blocking the event loop, while another connection holds it), so the
 * transaction cannot fail halfway for want of it. Transactions on one `db` run in the order
 * asked ({@link WriteTurns}). A throw rolls everything back and is rethrown.
 * @throws Error when the connection is not better-sqlite3's (a Database provider other than store-sql).
 */
export async function sqliteTransaction<T>(db: Knex, work: (prepare: PrepareCached) => T): Promise<T> {
  let turns = writeTurns.get(db);
  if (turns === undefined) {
    turns = new WriteTurns();
    writeTurns.set(db, turns);
  }
  return turns.take(() => transactionWhenLocked(db, work));
}

const writeTurns = new WeakMap<Knex, WriteTurns>();
const lockRequests = new WeakMap<Knex, WriteLockRequests>();

/** Makes {@link sqliteTransaction} on `db` ask `requests` for the write lock (the writer thread's). */
export function shareWriteLock(db: Knex, requests: WriteLockRequests): void {
  lockRequests.set(db, requests);
}

/** How long a transaction waits for the write lock (store-sql's busy timeout). */
const lockTimeoutMs = 10_000;

/**
 * Takes the write lock without blocking the event loop ({@link retryWhileSqliteBusy}): each
 * attempt borrows the connection, tries `BEGIN IMMEDIATE` with no busy timeout and gives the
 * connection back, so reads go on while another connection (the writer thread, another process)
 * holds the lock.
 */
function transactionWhenLocked<T>(db: Knex, work: (prepare: PrepareCached) => T): Promise<T> {
  return retryWhileSqliteBusy(() => transaction(db, work), {
    timeoutMs: lockTimeoutMs,
    lockRequests: lockRequests.get(db),
  });
}

async function transaction<T>(db: Knex, work: (prepare: PrepareCached) => T): Promise<T> {
  const client = db.client as Knex.Client;
  const connection = (await client.acquireConnection()) as Partial<SqliteConnection>;
  try {
    if (typeof connection.prepare !== 'function') {
      throw new Error(`the SQLite connection of driver "${client.driverName}" is not better-sqlite3's`);
    }
    return inSqliteTransaction(connection as SqliteConnection, work, false);
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * Runs `work` synchronously in one `BEGIN IMMEDIATE` ... `COMMIT` on `connection`, with its
 * statements prepared once per connection. A throw rolls everything back and is rethrown. With
 * `waitForLock` false, a write lock held elsewhere fails the `BEGIN` at once with SQLITE_BUSY
 * instead of waiting the connection's busy timeout.
 */
export function inSqliteTransaction<T>(
  connection: SqliteConnection,
  work: (prepare: PrepareCached) => T,
  waitForLock = true,
): T {
  const prepare = cacheOf(connection);
  if (waitForLock) prepare('BEGIN IMMEDIATE').run();
  else {
    // connection.pragma rather than statements kept prepared, which made a lock race time out.
    const timeout = connection.pragma('busy_timeout', { simple: true }) as number;
    connection.pragma('busy_timeout = 0');
    try {
      prepare('BEGIN IMMEDIATE').run();
    } finally {
      connection.pragma(`busy_timeout = ${timeout}`);
    }
  }
  try {
    const result = work(prepare);
    prepare('COMMIT').run();
    return result;
  } catch (err) {
    // SQLite ends the transaction itself after some errors (a full disk, an I/O error).
    if (connection.inTransaction) prepare('ROLLBACK').run();
    throw err;
  }
}
