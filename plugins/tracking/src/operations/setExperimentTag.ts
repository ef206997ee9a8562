import { type CallContext, ExperimentTagDeleted, ExperimentTagSet, NotFoundError } from '@mlops/plugin-api';
import { findExperiment, requireActiveExperiment } from '../findExperiment.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateExperimentTag } from '../validateTag.js';

/**
 * Sets (creates or overwrites) a tag of an active experiment.
 * @throws InvalidArgumentError for a bad key or value; NotFoundError; FailedPreconditionError
 * when the experiment is deleted.
 */
export async function setExperimentTag(
  ctx: TrackingContext,
  experimentId: string,
  key: string,
  value: string,
  call: CallContext,
): Promise<void> {
  validateExperimentTag(key, value, 'tag');
  const row = await findExperiment(ctx.db, experimentId);
  requireActiveExperiment(row);
  await ctx
    .db('tracking_experiment_tags')
    .insert({ experiment_id: row.experiment_id, key, value })
    .onConflict(['experiment_id', 'key'])
    .merge(['value']);
  ctx.hooks.emit(ExperimentTagSet, { experimentId: String(row.experiment_id), key, value, call });
}

/**
 * Deletes a tag of an active experiment.
 * @throws NotFoundError for an unknown experiment or `No tag with name: <key> in experiment with
 * id <id>`; FailedPreconditionError when the experiment is deleted.
 */
export async function deleteExperimentTag(
  ctx: TrackingContext,
  experimentId: string,
  key: string,
  call: CallContext,
): Promise<void> {
  const row = await findExperiment(ctx.db, experimentId);
  requireActiveExperiment(row);
  const deleted = await ctx
    .db('tracking_experiment_tags')
    .where({ experiment_id: row.experiment_id, key })
    .delete();
  if (deleted === 0) {
    throw new NotFoundError(`No tag with name: ${key} in experiment with id ${experimentId}`, {
      field: 'key',
    });
  }
  ctx.hooks.emit(ExperimentTagDeleted, { experimentId: String(row.experiment_id), key, call });
}
