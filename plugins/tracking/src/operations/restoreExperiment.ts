import { type CallContext, ExperimentRestored } from '@mlops/plugin-api';
import { findExperiment } from '../findExperiment.js';
import { toInt } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * Restores a deleted experiment and the runs deleted with it (those whose deletion time is not
 * before the experiment's); runs deleted on their own earlier stay deleted.
 * @throws NotFoundError `No Experiment with id=<id> exists` when it is unknown or not deleted.
 */
export async function restoreExperiment(
  ctx: TrackingContext,
  experimentId: string,
  call: CallContext,
): Promise<void> {
  const row = await findExperiment(ctx.db, experimentId, 'DELETED_ONLY');
  const deletedAt = row.deleted_time === null ? 0 : toInt(row.deleted_time);
  await ctx.db.transaction(async (trx) => {
    await trx('tracking_experiments')
      .where({ experiment_id: row.experiment_id })
      .update({ lifecycle_stage: 'active', deleted_time: null, last_update_time: Date.now() });
    await trx('tracking_runs')
      .where({ experiment_id: row.experiment_id, lifecycle_stage: 'deleted' })
      .andWhere('deleted_time', '>=', deletedAt)
      .update({ lifecycle_stage: 'active', deleted_time: null });
  });
  ctx.hooks.emit(ExperimentRestored, { experimentId: String(row.experiment_id), name: row.name, call });
}
