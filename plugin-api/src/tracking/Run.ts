import type { LifecycleStage, ViewType } from './Page.js';

/** A run's status, as MLflow's RunStatus. FINISHED, FAILED and KILLED are terminal. */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** One metric point. `value` may be NaN or ±Infinity, as in MLflow. */
export interface Metric {
  readonly key: string;
  readonly value: number;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly step: number;
}

/** A run parameter: immutable once logged. */
export interface Param {
  readonly key: string;
  readonly value: string;
}

/** A mutable key/value tag. */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** A dataset a run used (MLflow's Dataset). */
export interface Dataset {
  readonly name: string;
  /** A short content hash identifying this version of the data. */
  readonly digest: string;
  /** e.g. `local`, `s3`, `http`. */
  readonly sourceType: string;
  /** JSON describing where the data is. */
  readonly source: string;
  readonly schema?: string;
  readonly profile?: string;
}

/** A dataset with the tags of its use in one run (e.g. `mlflow.data.context` = `train`). */
export interface DatasetInput {
  readonly dataset: Dataset;
  readonly tags: readonly Tag[];
}

/** What identifies a run and where it stands (MLflow's RunInfo). */
export interface RunInfo {
  /** 32 lowercase hex characters. */
  readonly runId: string;
  readonly runName: string;
  readonly experimentId: string;
  readonly userId: string;
  readonly status: RunStatus;
  readonly startTime: number;
  readonly endTime?: number;
  /** Where the run's artifacts go, e.g. `mlflow-artifacts:/1/<runId>/artifacts`. */
  readonly artifactUri: string;
  readonly lifecycleStage: LifecycleStage;
}

/** A run with the parts a query asked for. `metrics` holds the latest value of each key. */
export interface Run {
  readonly info: RunInfo;
  readonly data: {
    readonly metrics: readonly Metric[];
    readonly params: readonly Param[];
    readonly tags: readonly Tag[];
  };
  readonly inputs: { readonly datasetInputs: readonly DatasetInput[] };
}

/** Input of `createRun`. */
export interface NewRun {
  readonly experimentId: string;
  readonly runName?: string;
  /** Default: now. */
  readonly startTime?: number;
  readonly tags?: readonly Tag[];
  /** Default: the calling principal's id. */
  readonly userId?: string;
}

/** Input of `updateRun`; moving to a terminal status ends the run and emits `run.finished`. */
export interface RunUpdate {
  readonly status?: RunStatus;
  readonly endTime?: number;
  readonly runName?: string;
}

/**
 * Input of `logBatch`: at most 1000 metrics, 100 params, 100 tags, 1000 items in all (MLflow's
 * limits). The batch is one transaction, and retrying it stores nothing twice.
 */
export interface RunBatch {
  readonly metrics?: readonly Metric[];
  readonly params?: readonly Param[];
  readonly tags?: readonly Tag[];
}

/** Which parts of each run a search returns: run info alone unless asked (a projection). */
export interface RunProjection {
  readonly metrics?: boolean;
  readonly params?: boolean;
  readonly tags?: boolean;
  readonly inputs?: boolean;
}

/**
 * Query of `searchRuns`. The filter uses MLflow's syntax (`metrics.acc > 0.9 and params.lr =
 * '0.01' and tags.team LIKE 'vision%' and attributes.status = 'FINISHED'`) plus OR, NOT,
 * parentheses and IN lists.
 */
export interface RunQuery {
  /** Experiments to search; empty or absent searches every experiment the caller may read. */
  readonly experimentIds?: readonly string[];
  readonly filter?: string;
  readonly viewType?: ViewType;
  /**
   * e.g. `['metrics.acc DESC', 'attributes.start_time ASC']`, then `start_time DESC` unless given,
   * then run id. Runs without the key (and, for metrics, NaN) sort last in either direction.
   */
  readonly orderBy?: readonly string[];
  /** 1..50000, default 1000. */
  readonly maxResults?: number;
  readonly pageToken?: string;
  /** Default: everything, as MLflow. `{}` returns run info alone. */
  readonly include?: RunProjection;
  /** Also count every run that matches (costs one more query). */
  readonly withCount?: boolean;
}

/** A page of runs, with the total count when asked for. */
export interface RunPage {
  readonly runs: readonly Run[];
  readonly nextPageToken?: string;
  readonly totalCount?: number;
}

/** Query of `getMetricHistory`. */
export interface MetricHistoryQuery {
  readonly runId: string;
  readonly key: string;
  /**
   * A point budget (2..50000): above it, the server cuts the step range into `maxPoints / 2`
   * buckets and keeps each bucket's lowest and highest point (NaN points are left out), so a curve
   * of 1,000,000 steps plots from `maxPoints` points. Absent: every point, paged.
   */
  readonly maxPoints?: number;
  /** Paging of the full history (ignored when sampling). Default 25000 per page, as MLflow. */
  readonly maxResults?: number;
  readonly pageToken?: string;
}

/** Points of one metric, ordered by step then timestamp. */
export interface MetricHistory {
  readonly key: string;
  readonly points: readonly Metric[];
  /** True when `points` is a downsample of the stored history. */
  readonly sampled: boolean;
  /** How many points are stored for this key. */
  readonly totalPoints: number;
  readonly nextPageToken?: string;
}

/** Runs side by side: one row per param or metric key, one column per run (null where absent). */
export interface RunComparison {
  readonly runs: readonly { readonly runId: string; readonly runName: string }[];
  readonly params: readonly { readonly key: string; readonly values: readonly (string | null)[] }[];
  readonly metrics: readonly { readonly key: string; readonly values: readonly (number | null)[] }[];
}

/** Summary of one group of runs on a metric. */
export interface GroupSummary {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1). */
  readonly sd: number;
}

/** Welch's t-test between two groups of runs on a metric's latest values. */
export interface GroupComparison {
  readonly metric: string;
  readonly a: GroupSummary;
  readonly b: GroupSummary;
  /** Welch's t statistic of mean(a) - mean(b), its Welch–Satterthwaite degrees of freedom and two-sided p-value. */
  readonly t: number;
  readonly df: number;
  readonly pValue: number;
  /** mean(a) - mean(b) with its confidence interval at `confidenceLevel`. */
  readonly meanDifference: number;
  readonly confidenceInterval: readonly [number, number];
  readonly confidenceLevel: number;
  /** Hedges' g (Cohen's d with the small-sample correction). */
  readonly effectSize: number;
}

/** A file or directory among a run's artifacts. */
export interface ArtifactEntry {
  /** Path relative to the run's artifact root, `/`-separated. */
  readonly path: string;
  readonly isDir: boolean;
  /** Bytes, for files. */
  readonly size?: number;
}
