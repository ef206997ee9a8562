import { NotFoundError, type Tag } from '@mlops/plugin-api';
import type { TrackingContext } from '../TrackingContext.js';
import { validateRunTag } from '../validateTag.js';
import { findLoggedModel, keyValueRows } from './loggedModelRows.js';

/**
 * Sets tags on a logged model, overwriting the values of keys set before, in one transaction.
 * @throws NotFoundError for an unknown model; InvalidArgumentError naming a bad tag.
 */
export async function setLoggedModelTags(
  ctx: TrackingContext,
  modelId: string,
  tags: readonly Tag[],
): Promise<void> {
  tags.forEach((t, i) => {
    validateRunTag(t, `tags[${i}]`);
  });
  await findLoggedModel(ctx.db, modelId);
  const rows = keyValueRows(modelId, tags);
  await ctx.db.transaction(async (trx) => {
    if (rows.length > 0) {
      await trx('tracking_logged_model_tags').insert(rows).onConflict(['model_id', 'key']).merge(['value']);
    }
    await trx('tracking_logged_models')
      .where({ model_id: modelId })
      .update({ last_updated_time: Date.now() });
  });
}

/**
 * Removes a tag from a logged model.
 * @throws NotFoundError for an unknown model, or a tag that is not set (as MLflow's).
 */
export async function deleteLoggedModelTag(
  ctx: TrackingContext,
  modelId: string,
  key: string,
): Promise<void> {
  await findLoggedModel(ctx.db, modelId);
  const n = await ctx.db('tracking_logged_model_tags').where({ model_id: modelId, key }).delete();
  if (n === 0) {
    throw new NotFoundError(`No tag with key '${key}' found for logged model with ID '${modelId}'.`, {
      field: 'key',
    });
  }
}
