import type { Knex } from 'knex';

/** The table where each applied migration is recorded, one row per (plugin, name). */
export const migrationsTable = 'mlops_migrations';

/** Valid on SQLite and PostgreSQL alike. */
export const createMigrationsTableSql = `CREATE TABLE IF NOT EXISTS ${migrationsTable} (
  plugin varchar(214) NOT NULL,
  name varchar(255) NOT NULL,
  applied_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (plugin, name)
)`;

/** Names of the plugin's recorded migrations; empty before the table exists. */
export async function recordedMigrations(db: Knex, pluginName: string): Promise<Set<string>> {
  if (!(await db.schema.hasTable(migrationsTable))) return new Set();
  const names = await db(migrationsTable).where({ plugin: pluginName }).pluck('name');
  return new Set(names as string[]);
}

/** Whether the migration is recorded, as seen inside `trx`. */
export async function isRecorded(trx: Knex.Transaction, pluginName: string, name: string): Promise<boolean> {
  const row = await trx(migrationsTable).where({ plugin: pluginName, name }).first('name');
  return row !== undefined;
}

/** Records the migration inside the transaction that applied it. */
export async function recordMigration(
  trx: Knex.Transaction,
  pluginName: string,
  name: string,
): Promise<void> {
  await trx(migrationsTable).insert({ plugin: pluginName, name });
}
