import { InvalidArgumentError, type LoggedModel, type LoggedModelStatus } from '@mlops/plugin-api';
import type { TrackingContext } from '../TrackingContext.js';
import { findLoggedModel, toLoggedModels } from './loggedModelRows.js';

/**
 * Sets a logged model's final status once its artifacts are uploaded (`READY`) or failed to
 * (`UPLOAD_FAILED`); finalizing again overwrites it, as MLflow's.
 * @throws NotFoundError for an unknown model; InvalidArgumentError for another status.
 */
export async function finalizeLoggedModel(
  ctx: TrackingContext,
  modelId: string,
  status: Exclude<LoggedModelStatus, 'PENDING'>,
): Promise<LoggedModel> {
  if (status !== 'READY' && status !== 'UPLOAD_FAILED') {
    throw new InvalidArgumentError(
      `a logged model is finalized as READY or UPLOAD_FAILED, not ${JSON.stringify(status)}`,
      { field: 'status', reason: 'bad_status' },
    );
  }
  await findLoggedModel(ctx.db, modelId);
  await ctx
    .db('tracking_logged_models')
    .where({ model_id: modelId })
    .update({ status, last_updated_time: Date.now() });
  const [model] = await toLoggedModels(ctx.db, [await findLoggedModel(ctx.db, modelId)]);
  return model!;
}
