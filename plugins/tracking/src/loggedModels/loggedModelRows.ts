import {
  InvalidArgumentError,
  type LoggedModel,
  type LoggedModelStatus,
  NotFoundError,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { inChunks } from '../inChunks.js';
import { type SqlInt, toInt, toTags } from '../rows.js';
import { modelMetrics } from './logModelMetrics.js';

/** A row of `tracking_logged_models`. */
export interface LoggedModelRow {
  readonly model_id: string;
  readonly experiment_id: SqlInt;
  readonly name: string;
  readonly artifact_uri: string;
  readonly status: LoggedModelStatus;
  readonly status_message: string | null;
  readonly creation_time: SqlInt;
  readonly last_updated_time: SqlInt;
  readonly model_type: string | null;
  readonly source_run_id: string | null;
  readonly creator_id: string | null;
  readonly lifecycle_stage: string;
}

/** Ids this store makes: `m-` and 32 lowercase hex characters, as MLflow's. */
const modelIdPattern = /^m-[0-9a-f]{32}$/;

/**
 * The active logged model's row.
 * @throws InvalidArgumentError for a malformed id; NotFoundError `Logged model with ID '<id>' not found.`
 */
export async function findLoggedModel(db: Knex, modelId: string): Promise<LoggedModelRow> {
  if (typeof modelId !== 'string' || modelId === '') {
    throw new InvalidArgumentError(`Invalid logged model ID: '${String(modelId)}'`, {
      field: 'modelId',
      reason: 'bad_id',
    });
  }
  const row = modelIdPattern.test(modelId)
    ? ((await db('tracking_logged_models').where({ model_id: modelId, lifecycle_stage: 'active' }).first()) as
        | LoggedModelRow
        | undefined)
    : undefined;
  if (row === undefined) {
    throw new NotFoundError(`Logged model with ID '${modelId}' not found.`, { field: 'modelId' });
  }
  return row;
}

/** Tags and params of `modelIds`, by model id. */
async function keyValues(
  db: Knex,
  table: string,
  modelIds: readonly string[],
): Promise<Map<string, { key: string; value: string }[]>> {
  const out = new Map<string, { key: string; value: string }[]>(modelIds.map((id) => [id, []]));
  for (const chunk of inChunks(modelIds, 500)) {
    const rows = (await db(table).whereIn('model_id', chunk).orderBy(['model_id', 'key'])) as {
      model_id: string;
      key: string;
      value: string;
    }[];
    for (const row of rows) out.get(row.model_id)?.push({ key: row.key, value: row.value });
  }
  return out;
}

/** Logged models from their rows, with their tags and params, in the rows' order. */
export async function toLoggedModels(db: Knex, rows: readonly LoggedModelRow[]): Promise<LoggedModel[]> {
  const ids = rows.map((r) => r.model_id);
  const [tags, params, metrics] = await Promise.all([
    keyValues(db, 'tracking_logged_model_tags', ids),
    keyValues(db, 'tracking_logged_model_params', ids),
    modelMetrics(db, ids),
  ]);
  return rows.map((row) => ({
    modelId: row.model_id,
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactUri: row.artifact_uri,
    status: row.status,
    ...(row.status_message === null ? {} : { statusMessage: row.status_message }),
    creationTime: toInt(row.creation_time),
    lastUpdatedTime: toInt(row.last_updated_time),
    ...(row.model_type === null ? {} : { modelType: row.model_type }),
    ...(row.source_run_id === null ? {} : { sourceRunId: row.source_run_id }),
    ...(row.creator_id === null ? {} : { creatorId: row.creator_id }),
    tags: toTags(tags.get(row.model_id) ?? []),
    params: toTags(params.get(row.model_id) ?? []),
    metrics: metrics.get(row.model_id) ?? [],
  }));
}

/** Rows of a model's tags or params, one per key (the last value given wins, as MLflow's). */
export function keyValueRows(
  modelId: string,
  entries: readonly { key: string; value: string }[] | undefined,
): { model_id: string; key: string; value: string }[] {
  return [...new Map((entries ?? []).map((e) => [e.key, e.value]))].map(([key, value]) => ({
    model_id: modelId,
    key,
    value,
  }));
}

/** Where a logged model's artifacts live in the BlobStore: `experiments/<e>/models/<id>/artifacts/`. */
export function modelArtifactRoot(row: Pick<LoggedModelRow, 'experiment_id' | 'model_id'>): string {
  return `experiments/${row.experiment_id}/models/${row.model_id}/artifacts/`;
}
