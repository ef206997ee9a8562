import type { Auth, BlobStore, Hooks, LoggedModels, Logger, Tracking } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { RegistryOptions } from './options.js';

/** What every registry operation works with: the plugin's database handle and the ports it uses. */
export interface RegistryContext {
  readonly db: Knex;
  readonly dialect: 'sqlite' | 'postgres';
  readonly hooks: Hooks;
  readonly logger: Logger;
  readonly options: RegistryOptions;
  /** Present when a tracking plugin is configured: lineage, run checks, model cards. */
  readonly tracking: Tracking | undefined;
  /** Present with the tracking plugin: versions registered from MLflow 3 logged models. */
  readonly loggedModels?: LoggedModels | undefined;
  /** Present when a storage plugin is configured: model cards are stored, owned artifacts purged. */
  readonly blobs: BlobStore | undefined;
  /** The Auth provider, if any (looked up late): searches return only what the caller may read. */
  readonly auth?: () => Auth | undefined;
}
