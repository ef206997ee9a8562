import { type CallContext, ModelDeleted, ModelRestored, type RegisteredModel } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { findModelRow } from '../store/findModelRow.js';
import { tables } from '../tables.js';
import { validateModelName } from '../validation/validateModelName.js';
import { getRegisteredModel } from './getRegisteredModel.js';

/**
 * Soft-deletes a model: it and its versions disappear from get and search (`viewType` shows them)
 * until restored or purged; aliases, stages and history are kept for a restore. Emits `model.deleted`.
 * @throws NotFoundError for an unknown or already deleted model.
 */
export async function deleteRegisteredModel(
  ctx: RegistryContext,
  name: string,
  call: CallContext,
): Promise<void> {
  validateModelName(name, 'name');
  await ctx.db.transaction(async (trx) => {
    const row = await findModelRow(trx, name, { field: 'name', lock: true });
    await trx(tables.models).where({ id: row.id }).update({ deleted_time: Date.now() });
  });
  ctx.hooks.emit(ModelDeleted, { name, call });
}

/**
 * Restores a soft-deleted model as it was; emits `model.restored`.
 * @throws NotFoundError for an unknown (or purged) model; FailedPreconditionError when it is not deleted.
 */
export async function restoreRegisteredModel(
  ctx: RegistryContext,
  name: string,
  call: CallContext,
): Promise<RegisteredModel> {
  validateModelName(name, 'name');
  await ctx.db.transaction(async (trx) => {
    const row = await findModelRow(trx, name, { field: 'name', lock: true, deleted: 'require' });
    await trx(tables.models)
      .where({ id: row.id })
      .update({ deleted_time: null, last_updated_time: Date.now() });
  });
  ctx.hooks.emit(ModelRestored, { name, call });
  return getRegisteredModel(ctx, name);
}
