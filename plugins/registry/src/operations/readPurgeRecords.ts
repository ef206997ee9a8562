import type { Page, PurgeRecord } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { millis } from '../rows.js';
import { decodePageToken, encodePageToken, queryFingerprint } from '../search/pageToken.js';
import { tables } from '../tables.js';
import { validateLimit } from '../validation/validateLimit.js';

/** A `registry_purges` row. */
interface PurgeRow {
  readonly id: number;
  readonly kind: string;
  readonly model_name: string;
  readonly version: number | null;
  readonly deleted_time: string | number;
  readonly purged_at: string | number;
  readonly principal: string;
  readonly blob_keys: number;
}

/**
 * The records of past purges, newest first, paged by record id.
 * @throws InvalidArgumentError naming `maxResults` or `pageToken`.
 */
export async function readPurgeRecords(
  ctx: RegistryContext,
  query: { readonly maxResults?: number; readonly pageToken?: string },
): Promise<Page<PurgeRecord>> {
  const limit = validateLimit(query?.maxResults, 'maxResults', 10_000, 1000);
  const fingerprint = queryFingerprint(['purges']);
  const q = ctx.db<PurgeRow>(tables.purges);
  if (query?.pageToken !== undefined)
    q.where('id', '<', decodePageToken(query.pageToken, fingerprint, 1)[0]!);
  const rows = (await q.orderBy('id', 'desc').limit(limit + 1)) as PurgeRow[];
  const items: PurgeRecord[] = rows.slice(0, limit).map((r) => ({
    id: r.id,
    kind: r.kind as PurgeRecord['kind'],
    model: r.model_name,
    version: r.version,
    deletedTime: millis(r.deleted_time),
    purgedAt: millis(r.purged_at),
    principal: r.principal,
    blobKeys: r.blob_keys,
  }));
  const last = items[items.length - 1];
  return rows.length > limit && last !== undefined
    ? { items, nextPageToken: encodePageToken([last.id], fingerprint) }
    : { items };
}
