import { type CallContext, NotFoundError, RunTagDeleted } from '@mlops/plugin-api';
import { findActiveRun } from '../findRun.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * Deletes a tag of an active run.
 * @throws NotFoundError for an unknown run or `No tag with name: <key> in run with id <id>`;
 * FailedPreconditionError when the run is deleted.
 */
export async function deleteTag(
  ctx: TrackingContext,
  runId: string,
  key: string,
  call: CallContext,
): Promise<void> {
  const run = await findActiveRun(ctx.db, runId);
  const deleted = await ctx.db('tracking_tags').where({ run_int: run.run_int, key }).delete();
  if (deleted === 0) {
    throw new NotFoundError(`No tag with name: ${key} in run with id ${runId}`, { field: 'key' });
  }
  ctx.hooks.emit(RunTagDeleted, { runId, experimentId: String(run.experiment_id), key, call });
}
