import { InvalidArgumentError, type Param } from '@mlops/plugin-api';
import type { TrackingContext } from '../TrackingContext.js';
import { validateParam } from '../validateParam.js';
import { findLoggedModel } from './loggedModelRows.js';

/**
 * Logs params on a logged model in one transaction. As a run's, a param is immutable: logging it
 * again with the same value is accepted, with another value refused and nothing stored.
 * @throws NotFoundError for an unknown model; InvalidArgumentError naming a bad param or a changed value.
 */
export async function logLoggedModelParams(
  ctx: TrackingContext,
  modelId: string,
  params: readonly Param[],
): Promise<void> {
  params.forEach((p, i) => {
    validateParam(p, `params[${i}]`);
  });
  await findLoggedModel(ctx.db, modelId);
  const wanted = new Map<string, string>();
  for (const [i, p] of params.entries()) {
    const earlier = wanted.get(p.key);
    if (earlier !== undefined && earlier !== p.value) {
      throw new InvalidArgumentError(`param "${p.key}" is given twice with different values`, {
        field: `params[${i}].value`,
        reason: 'conflict',
      });
    }
    wanted.set(p.key, p.value);
  }
  if (wanted.size === 0) return;
  await ctx.db.transaction(async (trx) => {
    const stored = (await trx('tracking_logged_model_params')
      .where({ model_id: modelId })
      .whereIn('key', [...wanted.keys()])) as { key: string; value: string }[];
    for (const row of stored) {
      if (row.value !== wanted.get(row.key)) {
        throw new InvalidArgumentError(
          `Changing param values is not allowed. Param with key='${row.key}' was already logged with value='${row.value}' for logged model ID='${modelId}'. Attempted logging new value '${wanted.get(row.key)}'.`,
          { field: 'params', reason: 'param_changed' },
        );
      }
      wanted.delete(row.key);
    }
    const rows = [...wanted].map(([key, value]) => ({ model_id: modelId, key, value }));
    if (rows.length > 0) await trx('tracking_logged_model_params').insert(rows);
  });
}
