import type { ModelVersion } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { type VersionRow, versionFromRow } from '../rows.js';
import { tables } from '../tables.js';

/** Rows per query when fetching tags and aliases, well under SQLite's bound-parameter limit. */
const chunkSize = 400;

/**
 * Model versions from their rows: their tags and aliases are fetched in batches (two queries per
 * 400 versions), never one query per version. Keeps the rows' order.
 */
export async function hydrateVersions(
  db: Knex,
  rows: readonly VersionRow[],
  blobPrefix: string,
): Promise<ModelVersion[]> {
  const tags = new Map<string, Record<string, string>>();
  const aliases = new Map<string, string[]>();
  const keyOf = (modelId: string, version: number) => `${modelId}\u0000${version}`;
  for (let at = 0; at < rows.length; at += chunkSize) {
    const pairs = rows.slice(at, at + chunkSize).map((r) => [r.model_id, r.version]);
    const [tagRows, aliasRows] = await Promise.all([
      db(tables.versionTags)
        .whereIn(['model_id', 'version'], pairs)
        .select('model_id', 'version', 'key', 'value'),
      db(tables.aliases).whereIn(['model_id', 'version'], pairs).select('model_id', 'version', 'alias'),
    ]);
    for (const t of tagRows as { model_id: string; version: number; key: string; value: string }[]) {
      const key = keyOf(t.model_id, t.version);
      const map = tags.get(key) ?? {};
      map[t.key] = t.value;
      tags.set(key, map);
    }
    for (const a of aliasRows as { model_id: string; version: number; alias: string }[]) {
      const key = keyOf(a.model_id, a.version);
      aliases.set(key, [...(aliases.get(key) ?? []), a.alias]);
    }
  }
  return rows.map((row) => {
    const key = keyOf(row.model_id, row.version);
    return versionFromRow(row, tags.get(key) ?? {}, [...(aliases.get(key) ?? [])].sort(), blobPrefix);
  });
}
