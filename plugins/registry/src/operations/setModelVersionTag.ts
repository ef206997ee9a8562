import {
  type CallContext,
  type ModelVersion,
  type ModelVersionRef,
  ModelVersionUpdated,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { bumpVersion } from '../store/bumpVersion.js';
import { findModelRow } from '../store/findModelRow.js';
import { findVersionRow } from '../store/findVersionRow.js';
import { tables } from '../tables.js';
import { validateRef } from '../validation/validateRef.js';
import { validateTag } from '../validation/validateTag.js';
import { getModelVersion } from './getModelVersion.js';

/**
 * Sets (or replaces) a tag of a version, advancing its revision; emits `model.version.updated`.
 * @throws InvalidArgumentError naming `key` or `value`; NotFoundError for an unknown or deleted version.
 */
export async function setModelVersionTag(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  key: string,
  value: string,
  call: CallContext,
): Promise<ModelVersion> {
  const { model, version } = validateRef(ref);
  validateTag(key, value);
  await ctx.db.transaction(async (trx) => {
    const row = await findVersionRow(
      trx,
      await findModelRow(trx, model, { field: 'model', lock: true }),
      version,
    );
    await trx(tables.versionTags)
      .insert({ model_id: row.model_id, version, key, value })
      .onConflict(['model_id', 'version', 'key'])
      .merge();
    await bumpVersion(trx, row, {}, Date.now());
  });
  ctx.hooks.emit(ModelVersionUpdated, { ref: { model, version }, call });
  return getModelVersion(ctx, { model, version });
}

/**
 * Removes a tag of a version; a tag that is not set is no error (as MLflow), and changes nothing.
 * @throws InvalidArgumentError naming `key`; NotFoundError for an unknown or deleted version.
 */
export async function deleteModelVersionTag(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  key: string,
  call: CallContext,
): Promise<ModelVersion> {
  const { model, version } = validateRef(ref);
  validateTag(key, '');
  const removed = await ctx.db.transaction(async (trx) => {
    const row = await findVersionRow(
      trx,
      await findModelRow(trx, model, { field: 'model', lock: true }),
      version,
    );
    const count = await trx(tables.versionTags).where({ model_id: row.model_id, version, key }).delete();
    if (count > 0) await bumpVersion(trx, row, {}, Date.now());
    return count > 0;
  });
  if (removed) ctx.hooks.emit(ModelVersionUpdated, { ref: { model, version }, call });
  return getModelVersion(ctx, { model, version });
}
