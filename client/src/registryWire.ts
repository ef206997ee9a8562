import type { LifecycleStage, ViewType } from './trackingWire.js';

/** Model registry resources as the native API (`/api/v1`) sends and takes them. */

/** A stage of a model version. */
export type Stage = 'None' | 'Staging' | 'Production' | 'Archived';

/** The registration status of a model version. */
export type VersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

/** A model version. `revision` is also its `ETag`: pass it as `ifMatch` to make a change conditional. */
export interface ModelVersion {
  readonly name: string;
  readonly version: number;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly user_id: string;
  readonly stage: Stage;
  readonly description: string;
  readonly source: string;
  readonly run_id?: string;
  readonly run_link?: string;
  readonly status: VersionStatus;
  readonly status_message?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly aliases: readonly string[];
  readonly lifecycle_stage: LifecycleStage;
  readonly deleted_timestamp?: number;
  readonly revision: number;
  readonly artifact_prefix: string;
}

/** A registered model. */
export interface RegisteredModel {
  readonly name: string;
  readonly description: string;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly user_id: string;
  readonly lifecycle_stage: LifecycleStage;
  readonly deleted_timestamp?: number;
  readonly tags: Readonly<Record<string, string>>;
  /** Each alias and the version it points to. */
  readonly aliases: Readonly<Record<string, number>>;
  /** The highest READY version in each stage that has one. */
  readonly latest_versions: readonly ModelVersion[];
}

/** The body of `models.create`. */
export interface NewModel {
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The query of `models.list` and `versions.list`. */
export interface RegistryQuery {
  readonly filter?: string;
  readonly order_by?: readonly string[];
  readonly max_results?: number;
  readonly page_token?: string;
  readonly view_type?: ViewType;
}

/** One page of registered models. */
export interface ModelPage {
  readonly models: readonly RegisteredModel[];
  readonly next_page_token?: string;
}

/** One page of model versions. */
export interface VersionPage {
  readonly versions: readonly ModelVersion[];
  readonly next_page_token?: string;
}

/** The body of `versions.create` (the model is created when it does not exist). */
export interface NewModelVersion {
  readonly source: string;
  readonly run_id?: string;
  readonly run_link?: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly status?: 'READY' | 'PENDING_REGISTRATION';
}

/** The body of `versions.update`. */
export interface VersionUpdate {
  readonly description?: string;
  readonly status?: 'READY' | 'FAILED_REGISTRATION';
  readonly status_message?: string;
}

/** The body of `versions.transition`. */
export interface StageTransition {
  readonly stage: Stage | string;
  readonly reason?: string;
  readonly archive_existing_versions?: boolean;
}

/** A condition on a version's revision: a stale one fails with ConflictError (409). */
export interface Conditional {
  /** The revision (`ETag`) the version must be at. */
  readonly ifMatch?: number;
}

/** Options of alias moves. */
export interface AliasOptions extends Conditional {
  /** Why, recorded in the model's history. */
  readonly reason?: string;
}

/** An entry of a model's history. */
export interface HistoryRecord {
  readonly id: number;
  readonly model: string;
  readonly kind: 'stage' | 'alias' | 'deleted' | 'restored';
  readonly version: number | null;
  readonly alias?: string;
  readonly from: string;
  readonly to: string;
  readonly reason?: string;
  readonly principal: string;
  readonly at: number;
}

/** The query of `models.history`. */
export interface ModelHistoryQuery {
  readonly version?: number;
  readonly kind?: HistoryRecord['kind'];
  readonly alias?: string;
  readonly since?: number;
  readonly until?: number;
  readonly max_results?: number;
  readonly page_token?: string;
}

/** One page of a model's history, oldest first. */
export interface ModelHistoryPage {
  readonly records: readonly HistoryRecord[];
  readonly next_page_token?: string;
}

/** Where a version came from: its source run and that run's datasets. */
export interface ModelLineage {
  readonly name: string;
  readonly version: number;
  readonly source: string;
  readonly run_id?: string;
  readonly run?: {
    readonly run_name: string;
    readonly experiment_id: string;
    readonly status: string;
    readonly start_time: number;
    readonly end_time?: number;
  };
  readonly datasets: readonly {
    readonly dataset: Readonly<Record<string, string>>;
    readonly tags: Readonly<Record<string, string>>;
  }[];
}
