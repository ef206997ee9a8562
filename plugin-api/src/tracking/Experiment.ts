import type { LifecycleStage, ViewType } from './Page.js';

/** A named group of runs (MLflow's Experiment). Times are epoch milliseconds. */
export interface Experiment {
  /** Decimal string id, as MLflow's (`"0"` is the Default experiment). */
  readonly experimentId: string;
  readonly name: string;
  /** Where the runs' artifacts go, e.g. `mlflow-artifacts:/1`. */
  readonly artifactLocation: string;
  readonly lifecycleStage: LifecycleStage;
  readonly creationTime: number;
  readonly lastUpdateTime: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** Input of `createExperiment`. */
export interface NewExperiment {
  readonly name: string;
  readonly artifactLocation?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Query of `searchExperiments`: MLflow's filter (`name LIKE 'vision%' and tags.team = 'a'`), ordering and paging. */
export interface ExperimentQuery {
  readonly filter?: string;
  /** e.g. `['name ASC', 'creation_time DESC']`. */
  readonly orderBy?: readonly string[];
  /** 1..50000, default 1000. */
  readonly maxResults?: number;
  readonly pageToken?: string;
  /** Default `ACTIVE_ONLY`. */
  readonly viewType?: ViewType;
}
