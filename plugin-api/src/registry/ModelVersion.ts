import type { ModelVersionRef } from '../hooks/modelHooks.js';
import type { LifecycleStage, ViewType } from '../tracking/Page.js';

/** MLflow's model stages. Input is case-insensitive; output is always one of these spellings. */
export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';

/** The stages, in MLflow's order. */
export const modelStages: readonly ModelStage[] = Object.freeze([
  'None',
  'Staging',
  'Production',
  'Archived',
]);

/**
 * Where a version's registration stands (MLflow's ModelVersionStatus). Only READY versions change
 * stage, take aliases or count as latest in a stage.
 */
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

/** One version of a registered model (MLflow's ModelVersion). Times are epoch ms. */
export interface ModelVersion {
  readonly ref: ModelVersionRef;
  readonly model: string;
  /** 1, 2, 3...: monotonic per model and never reused, even after a version is purged. */
  readonly version: number;
  readonly creationTime: number;
  readonly lastUpdatedTime: number;
  /** The principal that created it. */
  readonly userId: string;
  readonly stage: ModelStage;
  readonly description: string;
  /** Where the model's files are, e.g. `runs:/<runId>/model` or `s3://bucket/model`. */
  readonly source: string;
  /** The tracking run that produced it, if any. */
  readonly runId?: string;
  /** The MLflow 3 logged model it was registered from (`m-...`), when it was. */
  readonly loggedModelId?: string;
  /**
   * Where the files are when `source` names them indirectly: the logged model's artifact URI for
   * a `models:/m-...` source (what MLflow's `get-download-uri` answers).
   */
  readonly storageLocation?: string;
  /** A link to the run on another tracking server (MLflow's `run_link`). */
  readonly runLink?: string;
  readonly status: ModelVersionStatus;
  readonly statusMessage?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Aliases pointing at this version, sorted. */
  readonly aliases: readonly string[];
  readonly lifecycleStage: LifecycleStage;
  readonly deletedTime?: number;
  /**
   * Grows by one on every change to the version (description, status, tags, stage, aliases,
   * deletion); pass it back as `expectedRevision` to make a change conditional (an ETag).
   */
  readonly revision: number;
  /** The BlobStore key prefix the registry owns for this version (its model card lives there). */
  readonly artifactPrefix: string;
}

/** Input of `createVersion`. */
export interface NewModelVersion {
  /** The registered model; created (and `model.registered` emitted) when it does not exist yet. */
  readonly model: string;
  readonly source: string;
  /** Taken from a `runs:/<runId>/...` source when absent. */
  readonly runId?: string;
  /** The MLflow 3 logged model (`m-...`); taken from a `models:/m-...` source when absent. */
  readonly loggedModelId?: string;
  readonly runLink?: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Default READY; PENDING_REGISTRATION while files are still being copied (then `updateVersion`). */
  readonly status?: 'PENDING_REGISTRATION' | 'READY';
}

/** Input of `updateVersion`: the fields to change, and optionally the revision they apply to. */
export interface ModelVersionUpdate {
  readonly description?: string;
  /** Only a PENDING_REGISTRATION version changes status, to READY or FAILED_REGISTRATION. */
  readonly status?: 'READY' | 'FAILED_REGISTRATION';
  readonly statusMessage?: string;
  /** When given, the update applies only at this revision; otherwise ConflictError. */
  readonly expectedRevision?: number;
}

/** Options of `transitionStage`. */
export interface StageTransitionOptions {
  /** Move the other versions in the target stage (Staging or Production only) to Archived, in the same transaction. */
  readonly archiveExistingVersions?: boolean;
  /** Why; recorded in the history and passed to interceptors. */
  readonly reason?: string;
  readonly expectedRevision?: number;
}

/** Options of `setAlias` and `deleteAlias`. */
export interface AliasOptions {
  readonly reason?: string;
  /** For `setAlias`: the revision the target version must be at. */
  readonly expectedRevision?: number;
}

/**
 * Query of `searchVersions`. The filter uses MLflow's syntax for model versions: `name`,
 * `run_id` (also with `IN`), `source_path` with `=`, `!=`, `LIKE`, `ILIKE`; `version_number` with
 * `=`, `!=`, `<`, `<=`, `>`, `>=`; `tags.<key>` with `=`, `!=`, `LIKE`, `ILIKE`.
 */
export interface ModelVersionQuery {
  readonly filter?: string;
  /**
   * `name`, `version_number`, `creation_timestamp`, `last_updated_timestamp`, ASC or DESC; ties break
   * on name ASC then version DESC. Default `['last_updated_timestamp DESC', 'name ASC', 'version_number DESC']`.
   */
  readonly orderBy?: readonly string[];
  /** 1..200000, default 10000 (MLflow's limits). */
  readonly maxResults?: number;
  readonly pageToken?: string;
  /** Default `ACTIVE_ONLY`; versions of a deleted model count as deleted. */
  readonly viewType?: ViewType;
}
