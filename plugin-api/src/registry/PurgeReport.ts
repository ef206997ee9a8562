import type { ModelVersionRef } from '../hooks/modelHooks.js';

/** Options of `purge`. */
export interface PurgeOptions {
  /** Report what would be purged, and purge nothing. */
  readonly dryRun?: boolean;
  /** Overrides the plugin's `retentionDays`: purge what was deleted at least this many days ago. */
  readonly retentionDays?: number;
}

/** What `purge` removed (or, in a dry run, would remove). */
export interface PurgeReport {
  readonly dryRun: boolean;
  /** Deleted before this time (epoch ms) means old enough to purge. */
  readonly cutoff: number;
  /** Registered models purged, with all their versions. */
  readonly models: readonly string[];
  /** Versions purged on their own (their model stays). */
  readonly versions: readonly ModelVersionRef[];
  /** BlobStore keys removed (registry-owned artifacts only); in a dry run, the keys that would be. */
  readonly blobKeys: readonly string[];
}

/** The record `purge` keeps of each model or version it removed. */
export interface PurgeRecord {
  readonly id: number;
  readonly kind: 'model' | 'version';
  /** The model's name when it was purged. */
  readonly model: string;
  /** `version` records only. */
  readonly version: number | null;
  /** When it had been soft-deleted (epoch ms). */
  readonly deletedTime: number;
  readonly purgedAt: number;
  /** `CallContext.principal.id` of the caller of `purge`. */
  readonly principal: string;
  /** How many registry-owned BlobStore objects were removed with it. */
  readonly blobKeys: number;
}
