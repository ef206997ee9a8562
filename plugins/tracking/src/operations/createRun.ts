import { randomUUID } from 'node:crypto';
import {
  type CallContext,
  InvalidArgumentError,
  type NewRun,
  type Run,
  RunCreated,
  type Tag,
} from '@mlops/plugin-api';
import { findExperiment, requireActiveExperiment } from '../findExperiment.js';
import { generateRunName } from '../generateRunName.js';
import { limits, runNameTag } from '../limits.js';
import { type PrepareCached, sqliteTransaction } from '../sqliteTransaction.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateLength } from '../validateKeyName.js';
import { validateRunTag } from '../validateTag.js';
import { validateTime } from '../validateTime.js';

/**
 * Creates a RUNNING run in an active experiment. Its name is `runName`, else its `mlflow.runName`
 * tag, else a generated one, and the tag is set to it, as in MLflow.
 * @throws InvalidArgumentError for a bad tag or start time, or a `runName` that differs from the
 * `mlflow.runName` tag; NotFoundError for an unknown experiment; FailedPreconditionError when the
 * experiment is deleted.
 */
export async function createRun(ctx: TrackingContext, input: NewRun, call: CallContext): Promise<Run> {
  const tags = new Map<string, string>();
  (input.tags ?? []).forEach((tag, i) => {
    validateRunTag(tag, `tags[${i}]`);
    tags.set(tag.key, tag.value);
  });
  const startTime = input.startTime ?? Date.now();
  validateTime(startTime, 'startTime');
  if (input.runName !== undefined)
    validateLength('Tag value', limits.tagValueLength, input.runName, 'runName');
  const tagName = tags.get(runNameTag);
  if (input.runName && tagName && input.runName !== tagName) {
    throw new InvalidArgumentError(
      `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${input.runName}', mlflow.runName='${tagName}').`,
      { field: 'runName', reason: 'conflict' },
    );
  }
  const runName = input.runName || tagName || generateRunName();
  tags.set(runNameTag, runName);
  const experiment = await findExperiment(ctx.db, input.experimentId);
  requireActiveExperiment(experiment);
  const runId = randomUUID().replaceAll('-', '');
  const row = {
    run_id: runId,
    experiment_id: experiment.experiment_id,
    name: runName,
    user_id: input.userId ?? call.principal.id,
    status: 'RUNNING',
    start_time: startTime,
    lifecycle_stage: 'active',
    artifact_uri: `${experiment.artifact_location}/${runId}/artifacts`,
  };
  if (ctx.dialect === 'sqlite') {
    await sqliteTransaction(ctx.db, (prepare) => insertRunOnSqlite(prepare, row, tags));
  } else {
    // One statement, so atomic on its own: no BEGIN and COMMIT round trips.
    await ctx.db.raw(insertRunWithTagsOnPostgres, [
      row.run_id,
      row.experiment_id,
      row.name,
      row.user_id,
      row.status,
      row.start_time,
      row.lifecycle_stage,
      row.artifact_uri,
      [...tags.keys()],
      [...tags.values()],
    ]);
  }
  const experimentId = String(experiment.experiment_id);
  ctx.hooks.emit(RunCreated, { runId, experimentId, runName, call });
  const sortedTags: Tag[] = [...tags]
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    info: {
      runId,
      runName,
      experimentId,
      userId: row.user_id,
      status: 'RUNNING',
      startTime,
      artifactUri: row.artifact_uri,
      lifecycleStage: 'active',
    },
    data: { metrics: [], params: [], tags: sortedTags },
    inputs: { datasetInputs: [] },
  };
}

const insertRunWithTagsOnPostgres = `WITH run AS (
    INSERT INTO tracking_runs
      (run_id, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_int)
  INSERT INTO tracking_tags (run_int, key, value)
  SELECT run.run_int, t.key, t.value FROM run, unnest(?::text[], ?::text[]) AS t(key, value)`;

const insertRun = `INSERT INTO tracking_runs
  (run_id, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_int`;
const insertTag = 'INSERT INTO tracking_tags (run_int, key, value) VALUES (?, ?, ?)';

/** The run's row and its tags on SQLite, on prepared statements (see {@link sqliteTransaction}). */
function insertRunOnSqlite(
  prepare: PrepareCached,
  row: {
    run_id: string;
    experiment_id: number | string;
    name: string;
    user_id: string;
    status: string;
    start_time: number;
    lifecycle_stage: string;
    artifact_uri: string;
  },
  tags: ReadonlyMap<string, string>,
): void {
  const { run_int: runInt } = prepare(insertRun).get(
    row.run_id,
    row.experiment_id,
    row.name,
    row.user_id,
    row.status,
    row.start_time,
    row.lifecycle_stage,
    row.artifact_uri,
  ) as { run_int: number };
  const tag = prepare(insertTag);
  for (const [key, value] of tags) tag.run(runInt, key, value);
}
