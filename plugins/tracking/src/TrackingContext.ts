import type { Auth, BlobStore, Hooks } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { MetricKeyIds } from './MetricKeyIds.js';
import type { TrackingOptions } from './options.js';
import type { SqlDialect } from './sqlDialect.js';
import type { SqliteWriterThread } from './sqliteWriter/SqliteWriterThread.js';

/** What every tracking operation works with; built once by the plugin's setup. */
export interface TrackingContext {
  readonly db: Knex;
  readonly dialect: SqlDialect;
  /** Events are emitted here, after each commit. */
  readonly hooks: Hooks;
  readonly options: TrackingOptions;
  /** Absent when no BlobStore plugin is configured: artifact operations then fail. */
  readonly blobs: BlobStore | undefined;
  readonly metricKeys: MetricKeyIds;
  /** On SQLite with `writerThread` on: writes large metric batches off the request thread. */
  readonly writerThread?: SqliteWriterThread;
  /** The Auth provider, if any (looked up late): searches return only what the caller may read. */
  readonly auth?: () => Auth | undefined;
}
