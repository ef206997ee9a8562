import {
  type Database,
  InternalError,
  isMlopsError,
  type Migration,
  UnavailableError,
  type WriteLockRequests,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { checkMigrationList } from './checkMigrationList.js';
import type { DatabaseLocation } from './DatabaseLocation.js';
import { isConnectionError } from './isConnectionError.js';
import { isRecorded, recordedMigrations, recordMigration } from './migrationsTable.js';
import { createPostgresMigrationsTable, migrationTransaction } from './migrationTransaction.js';
import type { WalCheckpointer } from './WalCheckpointer.js';

/** The Database port over one knex instance, shared by every plugin. */
export class SqlDatabase implements Database {
  readonly dialect: 'sqlite' | 'postgres';
  private tableReady: Promise<void> | undefined;

  constructor(
    private readonly knex: Knex,
    private readonly location: DatabaseLocation,
    private readonly checkpointer?: WalCheckpointer,
    readonly writeLockRequests?: WriteLockRequests,
  ) {
    this.dialect = location.dialect;
  }

  async forPlugin(pluginName: string, migrations: readonly Migration[]): Promise<Knex> {
    checkMigrationList(pluginName, migrations);
    const recorded = await this.unlessUnreachable(() => recordedMigrations(this.knex, pluginName));
    const pending = migrations.filter((m) => !recorded.has(m.name));
    if (pending.length > 0 && this.dialect === 'postgres') {
      this.tableReady ??= createPostgresMigrationsTable(this.knex).catch((err: unknown) => {
        this.tableReady = undefined;
        throw err;
      });
      await this.unlessUnreachable(() => this.tableReady!);
    }
    for (const migration of pending) await this.apply(pluginName, migration);
    return this.knex;
  }

  /** Destroys the connection pool, then checkpoints an SQLite log one last time. */
  async close(): Promise<void> {
    await this.knex.destroy();
    await this.checkpointer?.stop();
  }

  private apply(pluginName: string, migration: Migration): Promise<void> {
    return this.unlessUnreachable(() =>
      migrationTransaction(this.knex, this.location, pluginName, async (trx) => {
        // Another process may have applied it while this one waited for the lock.
        if (await isRecorded(trx, pluginName, migration.name)) return;
        try {
          await migration.up(trx);
        } catch (err) {
          throw new InternalError(
            `migration "${migration.name}" of plugin "${pluginName}" failed: ${messageOf(err)}`,
            { reason: 'migration_failed' },
            { cause: err },
          );
        }
        await recordMigration(trx, pluginName, migration.name);
      }),
    );
  }

  private async unlessUnreachable<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isMlopsError(err) || !isConnectionError(err)) throw err;
      throw unavailable(this.location, err);
    }
  }
}

/** `<label> is unavailable: <cause>`; the label names the host or file, never a password. */
export function unavailable(location: DatabaseLocation, cause: unknown): UnavailableError {
  return new UnavailableError(
    `${location.label} is unavailable: ${messageOf(cause)}`,
    { reason: 'unreachable' },
    { cause },
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
