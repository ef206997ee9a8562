import type { LifecycleStage, ViewType } from '../tracking/Page.js';
import type { ModelVersion } from './ModelVersion.js';

/** A named model and what points into its versions (MLflow's RegisteredModel). Times are epoch ms. */
export interface RegisteredModel {
  readonly name: string;
  readonly description: string;
  readonly creationTime: number;
  readonly lastUpdatedTime: number;
  /** The principal that created it. */
  readonly userId: string;
  /** `deleted` after `deleteModel`: hidden from search, restorable until purged. */
  readonly lifecycleStage: LifecycleStage;
  /** When it was soft-deleted; absent while active. */
  readonly deletedTime?: number;
  readonly tags: Readonly<Record<string, string>>;
  /** Each alias and the version it points to, e.g. `{ champion: 3 }`. */
  readonly aliases: Readonly<Record<string, number>>;
  /** The highest READY, active version in each stage that has one (MLflow's `latest_versions`). */
  readonly latestVersions: readonly ModelVersion[];
}

/** Input of `createModel`. */
export interface NewRegisteredModel {
  /** 1..256 characters, without `/`, `@` or control characters (they would break `models:/` URIs). */
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Input of `updateModel`. */
export interface RegisteredModelUpdate {
  readonly description: string;
}

/**
 * Query of `searchModels`. The filter uses MLflow's syntax for registered models: `name` with
 * `=`, `!=`, `LIKE`, `ILIKE`, and `tags.<key>` with the same comparators, joined by AND (OR, NOT,
 * parentheses and IN as @mlops/search-filter allows).
 */
export interface RegisteredModelQuery {
  readonly filter?: string;
  /** `name`, `creation_timestamp` or `last_updated_timestamp` (alias `timestamp`), ASC or DESC; ties break on name. */
  readonly orderBy?: readonly string[];
  /** 1..1000, default 100 (MLflow's limits). */
  readonly maxResults?: number;
  readonly pageToken?: string;
  /** Default `ACTIVE_ONLY`. */
  readonly viewType?: ViewType;
}
