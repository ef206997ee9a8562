import {
  type CallContext,
  InvalidArgumentError,
  ModelUpdated,
  type RegisteredModel,
  type RegisteredModelUpdate,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { findModelRow } from '../store/findModelRow.js';
import { tables } from '../tables.js';
import { validateModelName } from '../validation/validateModelName.js';
import { validateText } from '../validation/validateText.js';
import { getRegisteredModel } from './getRegisteredModel.js';

/**
 * Sets a model's description; emits `model.updated`.
 * @throws InvalidArgumentError naming `description`; NotFoundError for an unknown or deleted model.
 */
export async function updateRegisteredModel(
  ctx: RegistryContext,
  name: string,
  update: RegisteredModelUpdate,
  call: CallContext,
): Promise<RegisteredModel> {
  validateModelName(name, 'name');
  const description = validateText(update?.description, 'description');
  if (description === undefined) {
    throw new InvalidArgumentError('description must be a string', { field: 'description' });
  }
  await ctx.db.transaction(async (trx) => {
    const row = await findModelRow(trx, name, { field: 'name', lock: true });
    await trx(tables.models).where({ id: row.id }).update({ description, last_updated_time: Date.now() });
  });
  ctx.hooks.emit(ModelUpdated, { name, call });
  return getRegisteredModel(ctx, name);
}
