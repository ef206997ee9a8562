import { type CallContext, FailedPreconditionError, RunDeleted, RunRestored } from '@mlops/plugin-api';
import { findExperiment } from '../findExperiment.js';
import { findRun } from '../findRun.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * Soft-deletes a run: it stays readable and restorable until a purge removes it. Deleting a
 * deleted run changes nothing (its deletion time stays).
 * @throws InvalidArgumentError for a malformed id; NotFoundError.
 */
export async function deleteRun(ctx: TrackingContext, runId: string, call: CallContext): Promise<void> {
  const run = await findRun(ctx.db, runId);
  if (run.lifecycle_stage === 'deleted') return;
  await ctx
    .db('tracking_runs')
    .where({ run_int: run.run_int })
    .update({ lifecycle_stage: 'deleted', deleted_time: Date.now() });
  ctx.hooks.emit(RunDeleted, { runId, experimentId: String(run.experiment_id), call });
}

/**
 * Restores a soft-deleted run; restoring an active run changes nothing.
 * @throws InvalidArgumentError for a malformed id; NotFoundError; FailedPreconditionError while
 * the run's experiment is deleted.
 */
export async function restoreRun(ctx: TrackingContext, runId: string, call: CallContext): Promise<void> {
  const run = await findRun(ctx.db, runId);
  if (run.lifecycle_stage === 'active') return;
  const experiment = await findExperiment(ctx.db, String(run.experiment_id));
  if (experiment.lifecycle_stage !== 'active') {
    throw new FailedPreconditionError(
      `run ${runId} cannot be restored while its experiment ${experiment.experiment_id} is deleted: restore the experiment first`,
      { field: 'runId', reason: 'experiment_deleted' },
    );
  }
  await ctx
    .db('tracking_runs')
    .where({ run_int: run.run_int })
    .update({ lifecycle_stage: 'active', deleted_time: null });
  ctx.hooks.emit(RunRestored, { runId, experimentId: String(run.experiment_id), call });
}
