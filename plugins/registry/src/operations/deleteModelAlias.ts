import { type AliasOptions, type CallContext, ModelAliasDeleted } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { findModelRow } from '../store/findModelRow.js';
import { recordHistory } from '../store/recordHistory.js';
import { tables } from '../tables.js';
import { validateAlias } from '../validation/validateAlias.js';
import { validateModelName } from '../validation/validateModelName.js';
import { validateText } from '../validation/validateText.js';
import { aliasTarget } from './setModelAlias.js';

/**
 * Removes an alias, recording it in the history; an alias that is not set is no error (as
 * MLflow). Not intercepted: removing a pointer promotes nothing. Emits `model.alias.deleted`.
 * @throws InvalidArgumentError naming `model`, `alias` or `reason`; NotFoundError for an unknown or deleted model.
 */
export async function deleteModelAlias(
  ctx: RegistryContext,
  model: string,
  alias: string,
  options: AliasOptions,
  call: CallContext,
): Promise<void> {
  validateModelName(model, 'model');
  validateAlias(alias);
  const reason = validateText(options?.reason, 'reason');
  const previous = await ctx.db.transaction(async (trx) => {
    const row = await findModelRow(trx, model, { field: 'model', lock: true });
    const target = await aliasTarget(trx, row.id, alias);
    if (target === null) return null;
    const now = Date.now();
    await trx(tables.aliases).where({ model_id: row.id, alias }).delete();
    await trx(tables.versions)
      .where({ model_id: row.id, version: target })
      .update({ last_updated_time: now, revision: trx.raw('revision + 1') });
    await recordHistory(trx, call, [
      {
        modelId: row.id,
        kind: 'alias',
        version: null,
        alias,
        from: `v${target}`,
        to: 'None',
        reason,
        at: now,
      },
    ]);
    return target;
  });
  if (previous !== null) {
    ctx.hooks.emit(ModelAliasDeleted, { model, alias, version: null, previousVersion: previous, call });
  }
}
