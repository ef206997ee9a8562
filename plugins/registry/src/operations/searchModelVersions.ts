import type { CallContext, ModelVersion, ModelVersionQuery, Page } from '@mlops/plugin-api';
import { applyReadScope, resolveReadScope } from '@mlops/plugin-api';
import { modelVersionFilterProfile, parseFilter } from '@mlops/search-filter';
import type { RegistryContext } from '../RegistryContext.js';
import { millis, type VersionRow } from '../rows.js';
import { applyFilter } from '../search/applyFilter.js';
import { keysetCondition } from '../search/keysetCondition.js';
import { decodePageToken, encodePageToken, queryFingerprint } from '../search/pageToken.js';
import { type OrderableAttribute, parseSortColumns } from '../search/parseSortColumns.js';
import { validateViewType } from '../search/validateViewType.js';
import { hydrateVersions } from '../store/hydrateVersions.js';
import { selectVersions } from '../store/selectVersions.js';
import { tables } from '../tables.js';
import { validateLimit } from '../validation/validateLimit.js';

const v = tables.versions;
const m = tables.models;
const vt = tables.versionTags;

const orderable: Readonly<Record<string, OrderableAttribute<VersionRow>>> = {
  name: { column: `${m}.name`, read: (r) => r.model_name },
  version_number: { column: `${v}.version`, read: (r) => r.version },
  creation_timestamp: { column: `${v}.creation_time`, read: (r) => millis(r.creation_time) },
  last_updated_timestamp: { column: `${v}.last_updated_time`, read: (r) => millis(r.last_updated_time) },
};

/** MLflow's default order of model versions. */
const defaultOrder = ['last_updated_timestamp DESC', 'name ASC', 'version_number DESC'];

/**
 * Model versions matching an MLflow filter (`name = 'churn' AND version_number > 2`,
 * `run_id IN ('a', 'b')`, `tags.validated = 'yes'`), in the asked order (ties by name, then
 * version descending), paged by keyset. A version of a deleted model counts as deleted. Only
 * versions of models `call`'s principal may read are matched (in the query, so pages stay full).
 * @throws InvalidArgumentError naming `filter` (with the position), `orderBy[<i>]`, `maxResults`,
 * `viewType` or `pageToken`.
 */
export async function searchModelVersions(
  ctx: RegistryContext,
  query: ModelVersionQuery,
  call: CallContext,
): Promise<Page<ModelVersion>> {
  const filter = parseFilter(query?.filter, modelVersionFilterProfile);
  const viewType = validateViewType(query?.viewType);
  const limit = validateLimit(query?.maxResults, 'maxResults', 200_000, 10_000);
  const orderBy = query?.orderBy === undefined || query.orderBy.length === 0 ? defaultOrder : query.orderBy;
  const sort = parseSortColumns(orderBy, modelVersionFilterProfile, orderable, [
    { key: 'name', direction: 'asc' },
    { key: 'version_number', direction: 'desc' },
  ]);
  const fingerprint = queryFingerprint([
    'versions',
    query?.filter ?? '',
    sort.map((s) => [s.column, s.direction]),
    viewType,
  ]);

  const q = selectVersions(ctx.db);
  applyReadScope(q, `${m}.name`, await resolveReadScope(ctx.auth?.(), call, 'registeredModel'));
  if (viewType === 'ACTIVE_ONLY') q.whereNull(`${v}.deleted_time`).whereNull(`${m}.deleted_time`);
  if (viewType === 'DELETED_ONLY')
    q.where((d) => d.whereNotNull(`${v}.deleted_time`).orWhereNotNull(`${m}.deleted_time`));
  applyFilter(q, filter, {
    db: ctx.db,
    dialect: ctx.dialect,
    attributes: {
      name: `${m}.name`,
      version_number: `${v}.version`,
      run_id: `${v}.run_id`,
      source_path: `${v}.source`,
    },
    tagTable: vt,
    correlateTags: (sub) =>
      sub.whereRaw('?? = ?? and ?? = ??', [
        `${vt}.model_id`,
        `${v}.model_id`,
        `${vt}.version`,
        `${v}.version`,
      ]),
  });
  if (query?.pageToken !== undefined)
    keysetCondition(q, sort, decodePageToken(query.pageToken, fingerprint, sort.length));
  for (const s of sort) q.orderBy(s.column, s.direction);
  const rows = (await q.limit(limit + 1)) as VersionRow[];
  const page = rows.slice(0, limit);
  const items = await hydrateVersions(ctx.db, page, ctx.options.blobPrefix);
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
