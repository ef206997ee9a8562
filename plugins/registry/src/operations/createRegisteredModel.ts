import {
  AlreadyExistsError,
  type CallContext,
  isUniqueViolation,
  ModelRegistered,
  type NewRegisteredModel,
  type RegisteredModel,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { insertModel } from '../store/insertModel.js';
import { tables } from '../tables.js';
import { validateModelName } from '../validation/validateModelName.js';
import { validateTags } from '../validation/validateTag.js';
import { validateText } from '../validation/validateText.js';
import { getRegisteredModel } from './getRegisteredModel.js';

/** The error for a taken name; a deleted model keeps its name until it is purged. */
export function modelExists(name: string, deleted: boolean, field = 'name'): AlreadyExistsError {
  const hint = deleted ? ' (it is deleted: restore it, or purge it to reuse the name)' : '';
  return new AlreadyExistsError(`registered model "${name}" already exists${hint}`, { field });
}

/**
 * Creates a registered model; emits `model.registered`.
 * @throws InvalidArgumentError naming the bad field; AlreadyExistsError when the name is taken.
 */
export async function createRegisteredModel(
  ctx: RegistryContext,
  input: NewRegisteredModel,
  call: CallContext,
): Promise<RegisteredModel> {
  const name = validateModelName(input.name, 'name');
  const description = validateText(input.description, 'description') ?? '';
  const tags = validateTags(input.tags);
  try {
    await ctx.db.transaction(async (trx) => {
      const existing = (await trx(tables.models).where({ name }).first('deleted_time')) as
        | { deleted_time: unknown }
        | undefined;
      if (existing !== undefined) throw modelExists(name, existing.deleted_time !== null);
      const { created } = await insertModel(trx, {
        name,
        description,
        tags,
        userId: call.principal.id,
        now: Date.now(),
      });
      if (!created) throw modelExists(name, false);
    });
  } catch (err) {
    throw isUniqueViolation(err) ? modelExists(name, false) : err;
  }
  ctx.hooks.emit(ModelRegistered, { name, call });
  return getRegisteredModel(ctx, name);
}
