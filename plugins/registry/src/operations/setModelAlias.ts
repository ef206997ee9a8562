import {
  type AliasOptions,
  type CallContext,
  ModelAliasSet,
  type ModelTransition,
  type ModelVersion,
  type ModelVersionRef,
  ModelVersionTransitioned,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { RegistryContext } from '../RegistryContext.js';
import { bumpVersion } from '../store/bumpVersion.js';
import { checkReady } from '../store/checkReady.js';
import { checkRevision } from '../store/checkRevision.js';
import { findModelRow } from '../store/findModelRow.js';
import { findVersionRow } from '../store/findVersionRow.js';
import { recordHistory } from '../store/recordHistory.js';
import { tables } from '../tables.js';
import { interceptTransition } from '../transition/interceptTransition.js';
import { validateAlias } from '../validation/validateAlias.js';
import { validateExpectedRevision } from '../validation/validateLimit.js';
import { validateRef } from '../validation/validateRef.js';
import { validateText } from '../validation/validateText.js';
import { getModelVersion } from './getModelVersion.js';

/** The version an alias points to, or null. */
export async function aliasTarget(db: Knex, modelId: string, alias: string): Promise<number | null> {
  const row = (await db(tables.aliases).where({ model_id: modelId, alias }).first('version')) as
    | { version: number }
    | undefined;
  return row?.version ?? null;
}

/**
 * Points an alias at a READY version. A move is intercepted like a transition (`to: '@<alias>'`,
 * `from: 'v<N>'` or `'None'`), then written with its history entry in one transaction, then
 * announced (`model.version.transitioned`, `model.alias.set`). Setting an alias to the version it
 * already points to changes nothing.
 * @throws InvalidArgumentError naming `alias`; NotFoundError; FailedPreconditionError for a veto or
 * a version not READY; ConflictError when `expectedRevision` is stale.
 */
export async function setModelAlias(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  alias: string,
  options: AliasOptions,
  call: CallContext,
): Promise<ModelVersion> {
  const { model, version } = validateRef(ref);
  validateAlias(alias);
  const reason = validateText(options?.reason, 'reason');
  const expectedRevision = validateExpectedRevision(options?.expectedRevision);

  const modelRow = await findModelRow(ctx.db, model, { field: 'model' });
  const before = await findVersionRow(ctx.db, modelRow, version);
  checkReady(before, 'takes an alias');
  checkRevision(before, expectedRevision);
  const previous = await aliasTarget(ctx.db, modelRow.id, alias);
  if (previous === version) return getModelVersion(ctx, { model, version });
  const transition: ModelTransition = {
    ref: { model, version },
    from: previous === null ? 'None' : `v${previous}`,
    to: `@${alias}`,
    ...(before.run_id === null ? {} : { runId: before.run_id }),
    ...(reason === undefined ? {} : { reason }),
    call,
  };
  const finalReason = await interceptTransition(ctx.hooks, transition, 'alias');

  const moved = await ctx.db.transaction(async (trx) => {
    const locked = await findModelRow(trx, model, { field: 'model', lock: true });
    const row = await findVersionRow(trx, locked, version);
    checkReady(row, 'takes an alias');
    checkRevision(row, expectedRevision);
    const from = await aliasTarget(trx, locked.id, alias);
    if (from === version) return null;
    const now = Date.now();
    await trx(tables.aliases)
      .insert({ model_id: locked.id, alias, version })
      .onConflict(['model_id', 'alias'])
      .merge();
    await bumpVersion(trx, row, {}, now);
    if (from !== null) {
      await trx(tables.versions)
        .where({ model_id: locked.id, version: from })
        .update({ last_updated_time: now, revision: trx.raw('revision + 1') });
    }
    await recordHistory(trx, call, [
      {
        modelId: locked.id,
        kind: 'alias',
        version,
        alias,
        from: from === null ? 'None' : `v${from}`,
        to: `v${version}`,
        reason: finalReason,
        at: now,
      },
    ]);
    return { from };
  });

  if (moved !== null) {
    const { reason: _asked, ...rest } = transition;
    ctx.hooks.emit(ModelVersionTransitioned, {
      ...rest,
      from: moved.from === null ? 'None' : `v${moved.from}`,
      ...(finalReason === undefined ? {} : { reason: finalReason }),
    });
    ctx.hooks.emit(ModelAliasSet, { model, alias, version, previousVersion: moved.from, call });
  }
  return getModelVersion(ctx, { model, version });
}
