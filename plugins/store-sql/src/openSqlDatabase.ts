import { InvalidArgumentError, type Logger, WriteLockRequests } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { checkpointsInBackground, createKnex } from './createKnex.js';
import { parseDatabaseUrl } from './DatabaseLocation.js';
import { bootstrapLockSpace } from './migrationTransaction.js';
import type { StoreSqlOptions } from './options.js';
import { defaultCheckpointIntervalMs, defaultPool } from './options.js';
import { SqlDatabase, unavailable } from './SqlDatabase.js';
import { WalCheckpointer } from './WalCheckpointer.js';

/**
 * Connects to the database the options name and checks that it answers; on PostgreSQL, creates
 * the `schema` if missing. knex's warnings go to `logger`. Close the result with `close()`.
 * @throws InvalidArgumentError for a PostgreSQL URL that does not parse or pool bounds out of order.
 * @throws UnavailableError naming the host or file (never the password) when the database cannot
 * be reached or opened.
 */
export async function openSqlDatabase(options: StoreSqlOptions, logger: Logger): Promise<SqlDatabase> {
  const location = parseDatabaseUrl(options.url);
  const min = options.pool.min ?? defaultPool.min;
  const max = options.pool.max ?? defaultPool.max;
  if (min > max) {
    throw new InvalidArgumentError(`option /pool/min (${min}) must not be greater than /pool/max (${max})`, {
      field: '/pool/min',
    });
  }
  const lockRequests =
    location.dialect === 'sqlite' && location.filename !== ':memory:' ? new WriteLockRequests() : undefined;
  let knex: Knex;
  try {
    knex = createKnex(location, options, logger, lockRequests);
  } catch (err) {
    throw unavailable(location, err);
  }
  try {
    await knex.raw('SELECT 1');
    if (location.dialect === 'postgres' && options.schema !== undefined) {
      await createSchema(knex, options.schema);
    }
  } catch (err) {
    await knex.destroy();
    throw unavailable(location, err);
  }
  const checkpointer =
    location.dialect === 'sqlite' && checkpointsInBackground(location, options)
      ? new WalCheckpointer(
          location.filename,
          options.sqlite?.checkpointIntervalMs ?? defaultCheckpointIntervalMs,
          logger,
        )
      : undefined;
  return new SqlDatabase(knex, location, checkpointer, lockRequests);
}

async function createSchema(knex: Knex, schema: string): Promise<void> {
  // Two processes creating the same schema at once can collide on the catalog's unique index.
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?, 1)', [bootstrapLockSpace]);
    await trx.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
  });
}
