import type { JsonSchema } from '@mlops/plugin-api';

/** Connection pool bounds; used on PostgreSQL (SQLite always has one connection per process). */
export interface PoolOptions {
  /** Connections kept open when idle. */
  readonly min?: number;
  /** Connections open at most; further queries wait for one. */
  readonly max?: number;
}

/** TLS settings for PostgreSQL, as node-postgres takes them. */
export interface SslOptions {
  /** PEM certificate(s) of the authority that signed the server's certificate. */
  readonly ca?: string;
  /** Whether to refuse a server whose certificate does not verify; defaults to true. */
  readonly rejectUnauthorized?: boolean;
}

/** SQLite settings. */
export interface SqliteOptions {
  /**
   * When a commit reaches the disk. `normal` (the default): under WAL a commit is written to the
   * log without waiting for the disk; a crash of the process (SIGKILL included) loses nothing
   * committed, a power loss or OS crash may drop the last commits, never corrupt the file.
   * `full`: every commit waits for the disk (fsync), surviving power loss too, at a cost of
   * about a millisecond a commit.
   */
  readonly synchronous?: 'normal' | 'full';
  /**
   * Milliseconds between checkpoints of the write-ahead log, run by a worker thread on its own
   * connection so that commits never pay for them (default 250). 0 leaves checkpoints to SQLite,
   * which runs them inside the commit that crosses 1,000 log pages.
   */
  readonly checkpointIntervalMs?: number;
}

/** Options of {@link storeSqlPlugin}. */
export interface StoreSqlOptions {
  /**
   * Where the data lives: `sqlite:<path>` (relative to the working directory; `sqlite:///abs/path`
   * works too), `sqlite::memory:` for a database that lives as long as the process, or
   * `postgres://user:password@host:port/database`. Secret: masked in printed options.
   */
  readonly url: string;
  /** PostgreSQL pool bounds. */
  readonly pool: PoolOptions;
  /** PostgreSQL TLS: true, false, or CA and verification settings. An `sslmode` in the URL wins. */
  readonly ssl?: boolean | SslOptions;
  /** PostgreSQL schema to put every table in (the connections' search_path); created if missing. */
  readonly schema?: string;
  /** SQLite settings; ignored (with a warning) for PostgreSQL. */
  readonly sqlite?: SqliteOptions;
}

/** The pool bounds when the config gives none. */
export const defaultPool = { min: 0, max: 10 } as const;

/** The SQLite `synchronous` setting when the config gives none. */
export const defaultSynchronous = 'normal';

/** How often the background checkpointer runs when the config does not say. */
export const defaultCheckpointIntervalMs = 250;

/** JSON Schema of {@link StoreSqlOptions}; ajv applies the defaults and masks the `writeOnly` url. */
export const storeSqlOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    url: {
      type: 'string',
      default: 'sqlite:.mlops/mlops.db',
      pattern: '^(sqlite:.+|postgres(ql)?://.+)$',
      writeOnly: true,
      description: 'sqlite:<path>, sqlite::memory: or postgres://user:password@host:port/database',
    },
    pool: {
      type: 'object',
      additionalProperties: false,
      default: { ...defaultPool },
      properties: {
        min: { type: 'integer', minimum: 0, default: defaultPool.min },
        max: { type: 'integer', minimum: 1, default: defaultPool.max },
      },
    },
    ssl: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: { ca: { type: 'string' }, rejectUnauthorized: { type: 'boolean' } },
        },
      ],
    },
    schema: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 63 },
    sqlite: {
      type: 'object',
      additionalProperties: false,
      properties: {
        synchronous: {
          type: 'string',
          enum: ['normal', 'full'],
          default: defaultSynchronous,
          description: 'normal: commits survive a process crash; full: they also survive a power loss',
        },
        checkpointIntervalMs: {
          type: 'integer',
          minimum: 0,
          maximum: 60_000,
          default: defaultCheckpointIntervalMs,
          description:
            'ms between background WAL checkpoints (a worker thread); 0: SQLite checkpoints in commits',
        },
      },
    },
  },
};
