import type {
  Distribution,
  ParamValue,
  StudyDirection,
  StudyRecord,
  TrialRecord,
  TrialState,
} from '../study/StudyStorage.js';

/** PostgreSQL returns bigint columns as strings; SQLite as numbers. */
export type SqlInt = number | string;

/** A row of `hpo_studies`. */
export interface StudyRow {
  readonly study_id: string;
  readonly name: string;
  readonly directions: string;
  readonly config: string;
  readonly created_at: SqlInt;
}

/** A row of `hpo_trials`. */
export interface TrialRow {
  readonly study_id: string;
  readonly number: SqlInt;
  readonly state: TrialState;
  readonly values_json: string | null;
  readonly invalid: boolean | number;
  readonly started_at: SqlInt | null;
  readonly finished_at: SqlInt | null;
  readonly heartbeat_at: SqlInt | null;
  readonly run_id: string | null;
  readonly user_attrs: string;
}

/** A row of `hpo_trial_params`. */
export interface ParamRow {
  readonly number: SqlInt;
  readonly name: string;
  readonly value_json: string;
  readonly distribution_json: string;
}

/** A row of `hpo_trial_intermediate`; a NULL value is NaN. */
export interface IntermediateRow {
  readonly number: SqlInt;
  readonly step: SqlInt;
  readonly value: number | null;
}

/** An integer column of either dialect as a number. */
export function toInt(value: SqlInt): number {
  return typeof value === 'number' ? value : Number(value);
}

function optionalInt(value: SqlInt | null): number | undefined {
  return value === null ? undefined : toInt(value);
}

/**
 * Objective values as JSON text. JSON has no NaN or infinities, so those travel as the strings
 * `"NaN"`, `"Infinity"` and `"-Infinity"`.
 */
export function encodeValues(values: readonly number[]): string {
  return JSON.stringify(values.map((v) => (Number.isFinite(v) ? v : String(v))));
}

/** The inverse of {@link encodeValues}. */
function decodeValues(text: string): number[] {
  return (JSON.parse(text) as (number | string)[]).map(Number);
}

/** An intermediate value as stored (NaN becomes NULL) and back. */
export const intermediateValue = {
  toRow: (value: number): number | null => (Number.isNaN(value) ? null : value),
  fromRow: (value: number | null): number => (value === null ? Number.NaN : Number(value)),
};

/** The study record from its row and its user attributes. */
export function toStudyRecord(row: StudyRow, userAttrs: Record<string, unknown>): StudyRecord {
  return {
    id: row.study_id,
    name: row.name,
    directions: JSON.parse(row.directions) as StudyDirection[],
    createdAt: toInt(row.created_at),
    config: JSON.parse(row.config) as Record<string, unknown>,
    userAttrs,
  };
}

/** The trial record from its row, params and intermediate values (already in step order). */
export function toTrialRecord(
  row: TrialRow,
  params: readonly ParamRow[],
  intermediate: readonly IntermediateRow[],
): TrialRecord {
  const startedAt = optionalInt(row.started_at);
  const finishedAt = optionalInt(row.finished_at);
  const heartbeatAt = optionalInt(row.heartbeat_at);
  return {
    studyId: row.study_id,
    number: toInt(row.number),
    state: row.state,
    params: Object.fromEntries(params.map((p) => [p.name, JSON.parse(p.value_json) as ParamValue])),
    distributions: Object.fromEntries(
      params.map((p) => [p.name, JSON.parse(p.distribution_json) as Distribution]),
    ),
    ...(row.values_json === null ? {} : { values: decodeValues(row.values_json) }),
    intermediate: intermediate.map((i) => [toInt(i.step), intermediateValue.fromRow(i.value)] as const),
    invalid: row.invalid === true || row.invalid === 1,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(heartbeatAt === undefined ? {} : { heartbeatAt }),
    ...(row.run_id === null ? {} : { runId: row.run_id }),
    userAttrs: JSON.parse(row.user_attrs) as Record<string, unknown>,
  };
}
