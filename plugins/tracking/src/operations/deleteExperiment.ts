import { type CallContext, ExperimentDeleted, FailedPreconditionError } from '@mlops/plugin-api';
import { findExperiment } from '../findExperiment.js';
import type { TrackingContext } from '../TrackingContext.js';

/** MLflow's Default experiment, which the first migration creates and nothing may delete. */
export const defaultExperimentId = '0';

/**
 * Soft-deletes an active experiment and its active runs, in one transaction. They stay restorable
 * until a purge removes them; the name stays taken until then.
 * @throws NotFoundError `No Experiment with id=<id> exists` when it is unknown or already deleted;
 * FailedPreconditionError for the Default experiment.
 */
export async function deleteExperiment(
  ctx: TrackingContext,
  experimentId: string,
  call: CallContext,
): Promise<void> {
  if (experimentId === defaultExperimentId) {
    throw new FailedPreconditionError(
      "Cannot delete the default experiment '0'. This is an internally reserved experiment.",
      { field: 'experimentId', reason: 'default_experiment' },
    );
  }
  const row = await findExperiment(ctx.db, experimentId, 'ACTIVE_ONLY');
  const now = Date.now();
  await ctx.db.transaction(async (trx) => {
    await trx('tracking_experiments')
      .where({ experiment_id: row.experiment_id })
      .update({ lifecycle_stage: 'deleted', deleted_time: now, last_update_time: now });
    await trx('tracking_runs')
      .where({ experiment_id: row.experiment_id, lifecycle_stage: 'active' })
      .update({ lifecycle_stage: 'deleted', deleted_time: now });
  });
  ctx.hooks.emit(ExperimentDeleted, { experimentId: String(row.experiment_id), name: row.name, call });
}
