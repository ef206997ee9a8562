/** What a second connection needs to behave like store-sql's own on the same SQLite file. */
export interface SqliteSettings {
  readonly filename: string;
  readonly synchronous: number;
  readonly busyTimeoutMs: number;
  readonly foreignKeys: boolean;
  readonly walAutocheckpoint: number;
}

/** The part of a better-sqlite3 connection these settings are read from and applied to. */
export interface PragmaConnection {
  readonly name: string;
  readonly memory: boolean;
  pragma(source: string, options?: { simple: boolean }): unknown;
}

/** The settings of `connection`, or undefined when no other connection can open its database (`:memory:`, a temporary one). */
export function readSqliteSettings(connection: PragmaConnection): SqliteSettings | undefined {
  if (connection.memory || connection.name === '' || connection.name === ':memory:') return undefined;
  const number = (pragma: string) => Number(connection.pragma(pragma, { simple: true }));
  return {
    filename: connection.name,
    synchronous: number('synchronous'),
    busyTimeoutMs: number('busy_timeout'),
    foreignKeys: number('foreign_keys') === 1,
    walAutocheckpoint: number('wal_autocheckpoint'),
  };
}

/** Gives `connection` the same settings (store-sql has already put the file in WAL mode). */
export function applySqliteSettings(connection: PragmaConnection, settings: SqliteSettings): void {
  connection.pragma(`synchronous = ${settings.synchronous}`);
  connection.pragma(`busy_timeout = ${settings.busyTimeoutMs}`);
  connection.pragma(`foreign_keys = ${settings.foreignKeys ? 'ON' : 'OFF'}`);
  connection.pragma(`wal_autocheckpoint = ${settings.walAutocheckpoint}`);
}
