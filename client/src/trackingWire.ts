/**
 * Tracking resources as the native API (`/api/v1`) sends and takes them: snake_case fields, tags
 * and params as objects. Metric values are JS numbers here: the client turns the wire's `"NaN"`,
 * `"Infinity"` and `"-Infinity"` into numbers and back.
 */

/** Which entities a list includes by lifecycle stage. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** The status of a run. */
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

/** Whether an entity is deleted (soft) or not. */
export type LifecycleStage = 'active' | 'deleted';

/** An experiment. */
export interface Experiment {
  readonly experiment_id: string;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: LifecycleStage;
  readonly creation_time: number;
  readonly last_update_time: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The body of `experiments.create`. */
export interface NewExperiment {
  readonly name: string;
  readonly artifact_location?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The query of `experiments.list`. */
export interface ExperimentQuery {
  /** The tracking filter language, e.g. `name LIKE 'churn%'`. */
  readonly filter?: string;
  readonly order_by?: readonly string[];
  readonly max_results?: number;
  readonly page_token?: string;
  readonly view_type?: ViewType;
}

/** One page of experiments. */
export interface ExperimentPage {
  readonly experiments: readonly Experiment[];
  readonly next_page_token?: string;
}

/** A metric point as logged: `timestamp` defaults to now, `step` to 0. */
export interface MetricInput {
  readonly key: string;
  readonly value: number;
  readonly timestamp?: number;
  readonly step?: number;
}

/** The latest point of a metric, as a run carries it. */
export interface Metric {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

/** A dataset a run used, with the tags of that use. */
export interface DatasetInput {
  readonly dataset: {
    readonly name: string;
    readonly digest: string;
    readonly source_type: string;
    readonly source: string;
    readonly schema?: string;
    readonly profile?: string;
  };
  readonly tags?: Readonly<Record<string, string>>;
}

/** A run; a search with `include` carries only the parts it asked for. */
export interface Run {
  readonly run_id: string;
  readonly run_name: string;
  readonly experiment_id: string;
  readonly user_id: string;
  readonly status: RunStatus;
  readonly start_time: number;
  readonly end_time?: number;
  readonly artifact_uri: string;
  readonly lifecycle_stage: LifecycleStage;
  readonly metrics?: readonly Metric[];
  readonly params?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly inputs?: readonly DatasetInput[];
}

/** The body of `runs.create`. */
export interface NewRun {
  readonly experiment_id: string;
  readonly run_name?: string;
  readonly start_time?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The body of `runs.update`; a terminal status ends the run. */
export interface RunUpdate {
  readonly status?: RunStatus;
  readonly end_time?: number;
  readonly run_name?: string;
}

/** The parts of a run a search can load. */
export type RunPart = 'metrics' | 'params' | 'tags' | 'inputs';

/** The query of `runs.search` (sent as a JSON body to `POST /api/v1/runs/search`). */
export interface RunQuery {
  /** Experiments to search; all when absent. */
  readonly experiment_ids?: readonly string[];
  readonly filter?: string;
  readonly order_by?: readonly string[];
  readonly max_results?: number;
  readonly page_token?: string;
  readonly view_type?: ViewType;
  readonly include?: readonly RunPart[];
  /** Also count every matching run (`total_count`). */
  readonly count?: boolean;
}

/** One page of runs. */
export interface RunPage {
  readonly runs: readonly Run[];
  readonly next_page_token?: string;
  readonly total_count?: number;
}

/** The body of `runs.logBatch`: one transaction (server limits 1000 metrics, 100 params, 100 tags). */
export interface RunBatch {
  readonly metrics?: readonly MetricInput[];
  readonly params?: readonly { readonly key: string; readonly value: string }[];
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
}

/** The query of `runs.history`. */
export interface HistoryQuery {
  /** Downsample on the server to about this many points (2..50000). */
  readonly max_points?: number;
  readonly max_results?: number;
  readonly page_token?: string;
}

/** A point of a metric's history. */
export interface MetricPoint {
  readonly step: number;
  readonly timestamp: number;
  readonly value: number;
}

/** A metric's history (one page, or a downsampled whole). */
export interface MetricHistory {
  readonly key: string;
  readonly points: readonly MetricPoint[];
  readonly sampled: boolean;
  readonly total_points: number;
  readonly next_page_token?: string;
}

/** Runs side by side: one value per run, null where a run lacks it. */
export interface RunComparison {
  readonly runs: readonly { readonly run_id: string; readonly run_name: string }[];
  readonly params: readonly { readonly key: string; readonly values: readonly (string | null)[] }[];
  readonly metrics: readonly { readonly key: string; readonly values: readonly (number | null)[] }[];
}

/** The body of `runs.compareGroups`. */
export interface GroupComparisonInput {
  readonly metric: string;
  readonly a: readonly string[];
  readonly b: readonly string[];
  readonly confidence_level?: number;
}

/** Welch's t-test of a metric's latest values between two groups of runs. */
export interface GroupComparison {
  readonly metric: string;
  readonly a: { readonly n: number; readonly mean: number; readonly sd: number };
  readonly b: { readonly n: number; readonly mean: number; readonly sd: number };
  readonly t: number;
  readonly df: number;
  readonly p_value: number;
  readonly mean_difference: number;
  readonly confidence_interval: readonly number[];
  readonly confidence_level: number;
  readonly effect_size: number;
}

/** A file or directory of a run's artifacts; `path` from the run's root. */
export interface ArtifactEntry {
  readonly path: string;
  readonly is_dir: boolean;
  readonly size?: number;
}
