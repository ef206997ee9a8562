import type { Dataset, Experiment, LifecycleStage, Metric, RunInfo, RunStatus, Tag } from '@mlops/plugin-api';

/** PostgreSQL returns bigint columns as strings; SQLite as numbers. */
/** An integer column as the drivers return it (PostgreSQL gives bigints as strings). */
export type SqlInt = number | string;

/** A row of `tracking_experiments`. */
export interface ExperimentRow {
  readonly experiment_id: SqlInt;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: LifecycleStage;
  readonly creation_time: SqlInt;
  readonly last_update_time: SqlInt;
  readonly deleted_time: SqlInt | null;
}

/** A row of `tracking_runs`. */
export interface RunRow {
  readonly run_int: SqlInt;
  readonly run_id: string;
  readonly experiment_id: SqlInt;
  readonly name: string;
  readonly user_id: string;
  readonly status: RunStatus;
  readonly start_time: SqlInt;
  readonly end_time: SqlInt | null;
  readonly lifecycle_stage: LifecycleStage;
  readonly artifact_uri: string;
  readonly deleted_time: SqlInt | null;
}

/** A point as stored: NaN is kept as value 0 with `is_nan`, since SQLite stores NaN as NULL. */
export interface PointRow {
  readonly step: SqlInt;
  readonly ts: SqlInt;
  readonly value: number;
  readonly is_nan: boolean | number;
}

/** A row of `tracking_datasets`. */
export interface DatasetRow {
  readonly dataset_int: SqlInt;
  readonly name: string;
  readonly digest: string;
  readonly source_type: string;
  readonly source: string;
  readonly schema: string | null;
  readonly profile: string | null;
}

/** A decimal id or count from either dialect, as a number. */
export function toInt(value: SqlInt): number {
  return typeof value === 'number' ? value : Number(value);
}

/** The experiment entity from its row and its tags. */
export function toExperiment(row: ExperimentRow, tags: Readonly<Record<string, string>>): Experiment {
  return {
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage,
    creationTime: toInt(row.creation_time),
    lastUpdateTime: toInt(row.last_update_time),
    tags,
  };
}

/** The run info entity from its row. */
export function toRunInfo(row: RunRow): RunInfo {
  return {
    runId: row.run_id,
    runName: row.name,
    experimentId: String(row.experiment_id),
    userId: row.user_id,
    status: row.status,
    startTime: toInt(row.start_time),
    ...(row.end_time === null ? {} : { endTime: toInt(row.end_time) }),
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage,
  };
}

/** A metric point from its stored row. */
export function toMetric(key: string, row: PointRow): Metric {
  return {
    key,
    value: isNanFlag(row.is_nan) ? Number.NaN : row.value,
    timestamp: toInt(row.ts),
    step: toInt(row.step),
  };
}

/** The `value` and `is_nan` columns of a point. */
export function storedValue(value: number): { value: number; isNan: boolean } {
  return Number.isNaN(value) ? { value: 0, isNan: true } : { value, isNan: false };
}

/** SQLite returns booleans as 0/1. */
export function isNanFlag(flag: boolean | number): boolean {
  return flag === true || flag === 1;
}

/** A dataset entity from its row. */
export function toDataset(row: DatasetRow): Dataset {
  return {
    name: row.name,
    digest: row.digest,
    sourceType: row.source_type,
    source: row.source,
    ...(row.schema === null ? {} : { schema: row.schema }),
    ...(row.profile === null ? {} : { profile: row.profile }),
  };
}

/** Tags as `{ key, value }` rows sorted by key, the order every read returns them in. */
export function toTags(rows: readonly { key: string; value: string }[]): Tag[] {
  return rows.map((r) => ({ key: r.key, value: r.value })).sort((a, b) => compareText(a.key, b.key));
}

/** Code-unit order, the same on every machine (unlike `localeCompare`). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
