import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger, WriteLockRequests } from '@mlops/plugin-api';
import type BetterSqlite3 from 'better-sqlite3';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseLocation } from './DatabaseLocation.js';
import { immediateSqliteClient } from './immediateSqliteClient.js';
import {
  defaultCheckpointIntervalMs,
  defaultPool,
  defaultSynchronous,
  type StoreSqlOptions,
} from './options.js';

/** How long an SQLite statement waits for another connection's write lock before SQLITE_BUSY. */
export const sqliteBusyTimeoutMs = 10_000;

/**
 * A knex instance for `location`. For an SQLite file it first creates the file's directory, and
 * every connection gets WAL, the `synchronous` option, foreign keys and a busy timeout, and
 * transactions begin with `BEGIN IMMEDIATE`, asking `lockRequests` while they wait for the lock.
 * knex's own warnings go to `logger`.
 * @throws Error from the file system when the directory cannot be created.
 */
export function createKnex(
  location: DatabaseLocation,
  options: StoreSqlOptions,
  logger: Logger,
  lockRequests?: WriteLockRequests,
): Knex {
  const log = {
    warn: (message: unknown) => logger.warn(String(message)),
    error: (message: unknown) => logger.error(String(message)),
    deprecate: (message: unknown) => logger.warn(String(message)),
    debug: (message: unknown) => logger.debug({ knex: message }, 'knex debug'),
  };
  if (location.dialect === 'sqlite') {
    if (location.filename !== ':memory:') mkdirSync(dirname(location.filename), { recursive: true });
    const synchronous = (options.sqlite?.synchronous ?? defaultSynchronous).toUpperCase();
    const backgroundCheckpoints = checkpointsInBackground(location, options);
    return knexFactory({
      client: immediateSqliteClient(sqliteBusyTimeoutMs, lockRequests) as unknown as typeof Knex.Client,
      connection: { filename: location.filename },
      useNullAsDefault: true,
      log,
      pool: {
        afterCreate(conn: BetterSqlite3.Database, done: (err: Error | null, conn: unknown) => void) {
          try {
            // WAL lets readers go on while one connection writes; a second process is a second writer.
            conn.pragma('journal_mode = WAL');
            // Under WAL, NORMAL syncs at checkpoints only: a killed process loses no commit.
            conn.pragma(`synchronous = ${synchronous}`);
            conn.pragma('foreign_keys = ON');
            conn.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`);
            // A WalCheckpointer does them instead (see openSqlDatabase).
            if (backgroundCheckpoints) conn.pragma('wal_autocheckpoint = 0');
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    });
  }
  return knexFactory({
    client: 'pg',
    log,
    connection: {
      connectionString: location.connectionString,
      ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
      connectionTimeoutMillis: 10_000,
    },
    pool: { min: options.pool.min ?? defaultPool.min, max: options.pool.max ?? defaultPool.max },
    ...(options.schema === undefined ? {} : { searchPath: [options.schema] }),
  });
}

/** Whether a worker thread checkpoints this database's log (an SQLite file, interval > 0). */
export function checkpointsInBackground(location: DatabaseLocation, options: StoreSqlOptions): boolean {
  return (
    location.dialect === 'sqlite' &&
    location.filename !== ':memory:' &&
    (options.sqlite?.checkpointIntervalMs ?? defaultCheckpointIntervalMs) > 0
  );
}
