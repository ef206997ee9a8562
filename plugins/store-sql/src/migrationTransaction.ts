import { setTimeout as sleep } from 'node:timers/promises';
import { UnavailableError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { sqliteBusyTimeoutMs } from './createKnex.js';
import type { DatabaseLocation } from './DatabaseLocation.js';
import { createMigrationsTableSql, migrationsTable } from './migrationsTable.js';

/** Advisory lock namespaces (first key), so our locks never collide with an application's. */
export const pluginLockSpace = 0x6d6c6f70; // "mlop"
export const bootstrapLockSpace = 0x6d6c6f71;

/** How long SQLite migrations wait for another process's write lock before giving up. */
const sqliteLockWaitMs = 120_000;

/**
 * Runs `work` in a transaction that no other process can run for the same plugin at the same
 * time: on PostgreSQL under a transaction-level advisory lock keyed by the plugin name, on SQLite
 * holding the database's write lock from the first statement (BEGIN IMMEDIATE semantics). The
 * migrations table exists inside it.
 * @throws UnavailableError when SQLite stays locked by another connection for two minutes.
 */
export async function migrationTransaction(
  knex: Knex,
  location: DatabaseLocation,
  pluginName: string,
  work: (trx: Knex.Transaction) => Promise<void>,
): Promise<void> {
  if (location.dialect === 'postgres') {
    await knex.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(?, ?)', [pluginLockSpace, lockKey(pluginName)]);
      await work(trx);
    });
    return;
  }
  const deadline = Date.now() + sqliteLockWaitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    const locked = await knex.transaction(async (trx) => {
      if (!(await takeSqliteWriteLock(trx))) return false;
      await work(trx);
      return true;
    });
    if (locked) return;
    if (Date.now() > deadline) {
      throw new UnavailableError(
        `${location.label} stayed locked by another connection for ${sqliteLockWaitMs / 1000} s while applying migrations of plugin "${pluginName}"`,
        { reason: 'locked' },
      );
    }
    await sleep(pause);
  }
}

/** Creates the migrations table under a lock, for PostgreSQL, where racing creations can collide. */
export async function createPostgresMigrationsTable(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?, 0)', [bootstrapLockSpace]);
    if (!(await trx.schema.hasTable(migrationsTable))) await trx.raw(createMigrationsTableSql);
  });
}

/**
 * knex opens SQLite transactions with a deferred BEGIN; a write as the first statement takes the
 * write lock at once. better-sqlite3 waits for a busy lock synchronously, which would block the
 * whole process (and the lock holder, if it lives in this process), so the attempt does not wait
 * (busy_timeout 0) and the caller retries after an asynchronous pause.
 */
async function takeSqliteWriteLock(trx: Knex.Transaction): Promise<boolean> {
  await trx.raw('PRAGMA busy_timeout = 0');
  try {
    await trx.raw(createMigrationsTableSql);
    await trx.raw(`DELETE FROM ${migrationsTable} WHERE 0`);
    return true;
  } catch (err) {
    if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) return false;
    throw err;
  } finally {
    await trx.raw(`PRAGMA busy_timeout = ${sqliteBusyTimeoutMs}`);
  }
}

/** FNV-1a of the plugin name as a signed 32-bit integer, the second key of the advisory lock. */
function lockKey(pluginName: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(pluginName, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash | 0;
}
