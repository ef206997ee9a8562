import type { CallContext, Page, RegisteredModel, RegisteredModelQuery } from '@mlops/plugin-api';
import { applyReadScope, resolveReadScope } from '@mlops/plugin-api';
import { parseFilter, registeredModelFilterProfile } from '@mlops/search-filter';
import type { RegistryContext } from '../RegistryContext.js';
import { type ModelRow, millis } from '../rows.js';
import { applyFilter } from '../search/applyFilter.js';
import { keysetCondition } from '../search/keysetCondition.js';
import { decodePageToken, encodePageToken, queryFingerprint } from '../search/pageToken.js';
import { type OrderableAttribute, parseSortColumns } from '../search/parseSortColumns.js';
import { validateViewType } from '../search/validateViewType.js';
import { hydrateModels } from '../store/hydrateModels.js';
import { tables } from '../tables.js';
import { validateLimit } from '../validation/validateLimit.js';

const m = tables.models;

const orderable: Readonly<Record<string, OrderableAttribute<ModelRow>>> = {
  name: { column: `${m}.name`, read: (r) => r.name },
  creation_timestamp: { column: `${m}.creation_time`, read: (r) => millis(r.creation_time) },
  last_updated_timestamp: { column: `${m}.last_updated_time`, read: (r) => millis(r.last_updated_time) },
};

/**
 * Registered models matching an MLflow filter (`name LIKE 'churn%' AND tags.team = 'risk'`), in
 * the asked order (ties by name), paged by keyset: the token holds the last row's sort values, so
 * pages stay exact while models are added or removed. Only models `call`'s principal may read are
 * matched (in the query, so pages stay full).
 * @throws InvalidArgumentError naming `filter` (with the position), `orderBy[<i>]`, `maxResults`,
 * `viewType` or `pageToken`.
 */
export async function searchRegisteredModels(
  ctx: RegistryContext,
  query: RegisteredModelQuery,
  call: CallContext,
): Promise<Page<RegisteredModel>> {
  const filter = parseFilter(query?.filter, registeredModelFilterProfile);
  const viewType = validateViewType(query?.viewType);
  const limit = validateLimit(query?.maxResults, 'maxResults', 1000, 100);
  const sort = parseSortColumns(query?.orderBy, registeredModelFilterProfile, orderable, [
    { key: 'name', direction: 'asc' },
  ]);
  const fingerprint = queryFingerprint([
    'models',
    query?.filter ?? '',
    sort.map((s) => [s.column, s.direction]),
    viewType,
  ]);

  const q = ctx.db(m).select(`${m}.*`);
  applyReadScope(q, `${m}.name`, await resolveReadScope(ctx.auth?.(), call, 'registeredModel'));
  if (viewType === 'ACTIVE_ONLY') q.whereNull(`${m}.deleted_time`);
  if (viewType === 'DELETED_ONLY') q.whereNotNull(`${m}.deleted_time`);
  applyFilter(q, filter, {
    db: ctx.db,
    dialect: ctx.dialect,
    attributes: { name: `${m}.name` },
    tagTable: tables.modelTags,
    correlateTags: (sub) => sub.whereRaw('?? = ??', [`${tables.modelTags}.model_id`, `${m}.id`]),
  });
  if (query?.pageToken !== undefined)
    keysetCondition(q, sort, decodePageToken(query.pageToken, fingerprint, sort.length));
  for (const s of sort) q.orderBy(s.column, s.direction);
  const rows = (await q.limit(limit + 1)) as ModelRow[];
  const page = rows.slice(0, limit);
  const items = await hydrateModels(ctx.db, page, ctx.options.blobPrefix);
  const last = page[page.length - 1];
  return rows.length > limit && last !== undefined
    ? {
        items,
        nextPageToken: encodePageToken(
          sort.map((s) => s.read(last)),
          fingerprint,
        ),
      }
    : { items };
}
