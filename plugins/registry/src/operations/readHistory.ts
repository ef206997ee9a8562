import { type HistoryQuery, InvalidArgumentError, type Page, type TransitionRecord } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { type HistoryRow, millis } from '../rows.js';
import { decodePageToken, encodePageToken, queryFingerprint } from '../search/pageToken.js';
import { findModelRow } from '../store/findModelRow.js';
import { tables } from '../tables.js';
import { validateLimit } from '../validation/validateLimit.js';
import { validateModelName } from '../validation/validateModelName.js';

const kinds: readonly TransitionRecord['kind'][] = ['stage', 'alias', 'deleted', 'restored'];

/** A history entry from its row, under the model's current name. */
export function recordFromRow(row: HistoryRow, model: string): TransitionRecord {
  return {
    id: row.id,
    model,
    kind: row.kind as TransitionRecord['kind'],
    version: row.version,
    ...(row.alias === null ? {} : { alias: row.alias }),
    from: row.from_value,
    to: row.to_value,
    ...(row.reason === null ? {} : { reason: row.reason }),
    principal: row.principal,
    at: millis(row.at),
  };
}

function optionalTime(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${field} must be a time in epoch milliseconds`, { field });
  }
  return value;
}

/**
 * A model's history (also of a deleted model), oldest first, paged by entry id.
 * @throws InvalidArgumentError naming the field; NotFoundError for an unknown model.
 */
export async function readHistory(
  ctx: RegistryContext,
  query: HistoryQuery,
): Promise<Page<TransitionRecord>> {
  const name = validateModelName(query?.model, 'model');
  if (query.kind !== undefined && !kinds.includes(query.kind)) {
    throw new InvalidArgumentError(`kind ${JSON.stringify(query.kind)} is not one of ${kinds.join(', ')}`, {
      field: 'kind',
    });
  }
  if (query.version !== undefined && (!Number.isSafeInteger(query.version) || query.version < 1)) {
    throw new InvalidArgumentError('version must be a positive integer', { field: 'version' });
  }
  if (query.alias !== undefined && typeof query.alias !== 'string') {
    throw new InvalidArgumentError('alias must be a string', { field: 'alias' });
  }
  const since = optionalTime(query.since, 'since');
  const until = optionalTime(query.until, 'until');
  const limit = validateLimit(query.maxResults, 'maxResults', 10_000, 1000);
  const fingerprint = queryFingerprint([
    'history',
    name,
    query.kind,
    query.version,
    query.alias,
    since,
    until,
  ]);
  const after =
    query.pageToken === undefined ? undefined : decodePageToken(query.pageToken, fingerprint, 1)[0];

  const model = await findModelRow(ctx.db, name, { field: 'model', deleted: 'allow' });
  const q = ctx.db<HistoryRow>(tables.history).where({ model_id: model.id });
  if (query.kind !== undefined) q.where({ kind: query.kind });
  if (query.alias !== undefined) q.where({ kind: 'alias', alias: query.alias });
  if (query.version !== undefined) q.where({ version: query.version });
  if (since !== undefined) q.where('at', '>=', since);
  if (until !== undefined) q.where('at', '<=', until);
  if (after !== undefined) q.where('id', '>', after);
  const rows = (await q.orderBy('id', 'asc').limit(limit + 1)) as HistoryRow[];
  const items = rows.slice(0, limit).map((row) => recordFromRow(row, model.name));
  const last = items[items.length - 1];
  return rows.length > limit && last !== undefined
    ? { items, nextPageToken: encodePageToken([last.id], fingerprint) }
    : { items };
}
