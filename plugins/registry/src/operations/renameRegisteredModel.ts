import { type CallContext, isUniqueViolation, ModelRenamed, type RegisteredModel } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { findModelRow } from '../store/findModelRow.js';
import { tables } from '../tables.js';
import { validateModelName } from '../validation/validateModelName.js';
import { modelExists } from './createRegisteredModel.js';
import { getRegisteredModel } from './getRegisteredModel.js';

/**
 * Renames a model. Versions, aliases, history and owned artifacts are keyed by the model's id, so
 * they follow without being rewritten. Emits `model.renamed`.
 * @throws NotFoundError for an unknown or deleted model; AlreadyExistsError naming `newName`.
 */
export async function renameRegisteredModel(
  ctx: RegistryContext,
  name: string,
  newName: string,
  call: CallContext,
): Promise<RegisteredModel> {
  validateModelName(name, 'name');
  validateModelName(newName, 'newName');
  try {
    await ctx.db.transaction(async (trx) => {
      const row = await findModelRow(trx, name, { field: 'name', lock: true });
      if (newName === name) return;
      const taken = (await trx(tables.models).where({ name: newName }).first('deleted_time')) as
        | { deleted_time: unknown }
        | undefined;
      if (taken !== undefined) throw modelExists(newName, taken.deleted_time !== null, 'newName');
      await trx(tables.models).where({ id: row.id }).update({ name: newName, last_updated_time: Date.now() });
    });
  } catch (err) {
    throw isUniqueViolation(err) ? modelExists(newName, false, 'newName') : err;
  }
  if (newName !== name) ctx.hooks.emit(ModelRenamed, { from: name, to: newName, call });
  return getRegisteredModel(ctx, newName);
}
