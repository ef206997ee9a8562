import {
  type CallContext,
  ModelAliasDeleted,
  type ModelVersion,
  ModelVersionDeleted,
  type ModelVersionRef,
  ModelVersionRestored,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { bumpVersion } from '../store/bumpVersion.js';
import { checkRevision } from '../store/checkRevision.js';
import { findModelRow } from '../store/findModelRow.js';
import { findVersionRow } from '../store/findVersionRow.js';
import { recordHistory } from '../store/recordHistory.js';
import { tables } from '../tables.js';
import { validateExpectedRevision } from '../validation/validateLimit.js';
import { validateRef } from '../validation/validateRef.js';
import { getModelVersion } from './getModelVersion.js';

/**
 * Soft-deletes a version: hidden from get, search and URIs until restored or purged. The aliases
 * pointing at it are removed (as MLflow does), each recorded in the history, in the same
 * transaction. Emits `model.version.deleted` and `model.alias.deleted` per alias.
 * @throws NotFoundError for an unknown or deleted version; ConflictError when `expectedRevision` is stale.
 */
export async function deleteModelVersion(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  call: CallContext,
  options: { readonly expectedRevision?: number } = {},
): Promise<void> {
  const { model, version } = validateRef(ref);
  const expectedRevision = validateExpectedRevision(options?.expectedRevision);
  const aliases = await ctx.db.transaction(async (trx) => {
    const modelRow = await findModelRow(trx, model, { field: 'model', lock: true });
    const row = await findVersionRow(trx, modelRow, version);
    checkRevision(row, expectedRevision);
    const now = Date.now();
    const held = (
      (await trx(tables.aliases).where({ model_id: row.model_id, version }).select('alias')) as {
        alias: string;
      }[]
    ).map((a) => a.alias);
    await trx(tables.aliases).where({ model_id: row.model_id, version }).delete();
    await bumpVersion(trx, row, { deleted_time: now }, now);
    const reason = `version ${version} deleted`;
    await recordHistory(trx, call, [
      ...held.map((alias) => ({
        modelId: row.model_id,
        kind: 'alias' as const,
        version: null,
        alias,
        from: `v${version}`,
        to: 'None',
        reason,
        at: now,
      })),
      { modelId: row.model_id, kind: 'deleted', version, from: 'active', to: 'deleted', at: now },
    ]);
    return held;
  });
  ctx.hooks.emit(ModelVersionDeleted, { ref: { model, version }, call });
  for (const alias of aliases) {
    ctx.hooks.emit(ModelAliasDeleted, { model, alias, version: null, previousVersion: version, call });
  }
}

/**
 * Restores a soft-deleted version in the stage it had; its removed aliases stay removed. Recorded
 * in the history; emits `model.version.restored`.
 * @throws NotFoundError for an unknown version or a deleted model; FailedPreconditionError when it is not deleted.
 */
export async function restoreModelVersion(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  call: CallContext,
): Promise<ModelVersion> {
  const { model, version } = validateRef(ref);
  await ctx.db.transaction(async (trx) => {
    const modelRow = await findModelRow(trx, model, { field: 'model', lock: true });
    const row = await findVersionRow(trx, modelRow, version, 'require');
    const now = Date.now();
    await bumpVersion(trx, row, { deleted_time: null }, now);
    await recordHistory(trx, call, [
      { modelId: row.model_id, kind: 'restored', version, from: 'deleted', to: 'active', at: now },
    ]);
  });
  ctx.hooks.emit(ModelVersionRestored, { ref: { model, version }, call });
  return getModelVersion(ctx, { model, version });
}
