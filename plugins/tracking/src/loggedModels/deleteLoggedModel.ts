import type { TrackingContext } from '../TrackingContext.js';
import { findLoggedModel } from './loggedModelRows.js';

/**
 * Soft-deletes a logged model: it is found no more (get, search, artifacts), as MLflow's; its rows
 * and artifacts stay for an operator's purge.
 * @throws NotFoundError for an unknown or already deleted model.
 */
export async function deleteLoggedModel(ctx: TrackingContext, modelId: string): Promise<void> {
  await findLoggedModel(ctx.db, modelId);
  await ctx
    .db('tracking_logged_models')
    .where({ model_id: modelId })
    .update({ lifecycle_stage: 'deleted', last_updated_time: Date.now() });
}
