import { type CallContext, ModelUpdated } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { findModelRow } from '../store/findModelRow.js';
import { tables } from '../tables.js';
import { validateModelName } from '../validation/validateModelName.js';
import { validateTag } from '../validation/validateTag.js';

/**
 * Sets (or replaces) a tag of a model; emits `model.updated`.
 * @throws InvalidArgumentError naming `key` or `value`; NotFoundError for an unknown or deleted model.
 */
export async function setRegisteredModelTag(
  ctx: RegistryContext,
  name: string,
  key: string,
  value: string,
  call: CallContext,
): Promise<void> {
  validateModelName(name, 'name');
  validateTag(key, value);
  await ctx.db.transaction(async (trx) => {
    const row = await findModelRow(trx, name, { field: 'name', lock: true });
    await trx(tables.modelTags)
      .insert({ model_id: row.id, key, value })
      .onConflict(['model_id', 'key'])
      .merge();
    await trx(tables.models).where({ id: row.id }).update({ last_updated_time: Date.now() });
  });
  ctx.hooks.emit(ModelUpdated, { name, call });
}

/**
 * Removes a tag of a model; a tag that is not set is no error (as MLflow). Emits `model.updated`
 * when a tag was removed.
 * @throws InvalidArgumentError naming `key`; NotFoundError for an unknown or deleted model.
 */
export async function deleteRegisteredModelTag(
  ctx: RegistryContext,
  name: string,
  key: string,
  call: CallContext,
): Promise<void> {
  validateModelName(name, 'name');
  validateTag(key, '');
  const removed = await ctx.db.transaction(async (trx) => {
    const row = await findModelRow(trx, name, { field: 'name', lock: true });
    const count = await trx(tables.modelTags).where({ model_id: row.id, key }).delete();
    if (count > 0) await trx(tables.models).where({ id: row.id }).update({ last_updated_time: Date.now() });
    return count > 0;
  });
  if (removed) ctx.hooks.emit(ModelUpdated, { name, call });
}
