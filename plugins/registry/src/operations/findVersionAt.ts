import { InvalidArgumentError } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import type { HistoryRow } from '../rows.js';
import { findModelRow } from '../store/findModelRow.js';
import { tables } from '../tables.js';
import { findStage } from '../validation/canonicalStage.js';
import { validateAlias } from '../validation/validateAlias.js';
import { validateModelName } from '../validation/validateModelName.js';

function checkedAlias(alias: string): string {
  try {
    return validateAlias(alias);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new InvalidArgumentError(`aliasOrStage: ${message}`, { field: 'aliasOrStage' }, { cause: err });
  }
}

/**
 * Which version held `@alias`, or which was the highest version in a stage, at `timestamp`,
 * replayed from the history (so it also answers for versions since deleted or purged). Every
 * version starts in None without a history entry, so None is not asked about.
 * @throws InvalidArgumentError naming `aliasOrStage` or `timestamp`; NotFoundError for an unknown model.
 */
export async function findVersionAt(
  ctx: RegistryContext,
  model: string,
  aliasOrStage: string,
  timestamp: number,
): Promise<number | null> {
  validateModelName(model, 'model');
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    throw new InvalidArgumentError('timestamp must be a time in epoch milliseconds', { field: 'timestamp' });
  }
  const isAlias = typeof aliasOrStage === 'string' && aliasOrStage.startsWith('@');
  const stage = isAlias || typeof aliasOrStage !== 'string' ? undefined : findStage(aliasOrStage);
  if (!isAlias && (stage === undefined || stage === 'None')) {
    throw new InvalidArgumentError(
      `aliasOrStage ${JSON.stringify(aliasOrStage)} is neither @<alias> nor one of Staging, Production, Archived`,
      { field: 'aliasOrStage' },
    );
  }
  const alias = isAlias ? checkedAlias(aliasOrStage.slice(1)) : undefined;
  const row = await findModelRow(ctx.db, model, { field: 'model', deleted: 'allow' });
  const history = ctx.db<HistoryRow>(tables.history).where({ model_id: row.id }).where('at', '<=', timestamp);

  if (alias !== undefined) {
    const last = (await history.where({ kind: 'alias', alias }).orderBy('id', 'desc').first()) as
      | HistoryRow
      | undefined;
    return last?.version ?? null;
  }
  const rows = (await history
    .whereIn('kind', ['stage', 'deleted', 'restored'])
    .orderBy('id', 'asc')
    .select('kind', 'version', 'to_value')) as Pick<HistoryRow, 'kind' | 'version' | 'to_value'>[];
  const stageOf = new Map<number, string>();
  const deleted = new Set<number>();
  for (const entry of rows) {
    const version = entry.version as number;
    if (entry.kind === 'stage') stageOf.set(version, entry.to_value);
    else if (entry.kind === 'deleted') deleted.add(version);
    else deleted.delete(version);
  }
  let found: number | null = null;
  for (const [version, at] of stageOf) {
    if (at === stage && !deleted.has(version) && (found === null || version > found)) found = version;
  }
  return found;
}
