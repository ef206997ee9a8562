import { type ModelVersion, modelStages, type RegisteredModel } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { type ModelRow, modelFromRow, type VersionRow } from '../rows.js';
import { tables } from '../tables.js';
import { hydrateVersions } from './hydrateVersions.js';
import { selectVersions } from './selectVersions.js';

const chunkSize = 400;

/**
 * Registered models from their rows, with tags, aliases and latest versions per stage, fetched in
 * batches. Keeps the rows' order.
 */
export async function hydrateModels(
  db: Knex,
  rows: readonly ModelRow[],
  blobPrefix: string,
): Promise<RegisteredModel[]> {
  const tags = new Map<string, Record<string, string>>();
  const aliases = new Map<string, Record<string, number>>();
  const latest = new Map<string, ModelVersion[]>();
  for (let at = 0; at < rows.length; at += chunkSize) {
    const ids = rows.slice(at, at + chunkSize).map((r) => r.id);
    const latestPerStage = db(tables.versions)
      .whereIn('model_id', ids)
      .where({ status: 'READY' })
      .whereNull('deleted_time')
      .groupBy('model_id', 'stage')
      .select('model_id', db.raw('max(version) as version'));
    const [tagRows, aliasRows, versionRows] = await Promise.all([
      db(tables.modelTags).whereIn('model_id', ids).select('model_id', 'key', 'value'),
      db(tables.aliases).whereIn('model_id', ids).select('model_id', 'alias', 'version'),
      selectVersions(db).whereIn(
        [`${tables.versions}.model_id`, `${tables.versions}.version`],
        latestPerStage,
      ),
    ]);
    for (const t of tagRows as { model_id: string; key: string; value: string }[]) {
      tags.set(t.model_id, { ...tags.get(t.model_id), [t.key]: t.value });
    }
    for (const a of aliasRows as { model_id: string; alias: string; version: number }[]) {
      aliases.set(a.model_id, { ...aliases.get(a.model_id), [a.alias]: a.version });
    }
    for (const version of await hydrateVersionsById(db, versionRows as VersionRow[], blobPrefix)) {
      latest.set(version.modelId, [...(latest.get(version.modelId) ?? []), version.entity]);
    }
  }
  return rows.map((row) =>
    modelFromRow(row, {
      tags: tags.get(row.id) ?? {},
      aliases: sortedAliases(aliases.get(row.id) ?? {}),
      latestVersions: (latest.get(row.id) ?? []).sort(
        (a, b) => modelStages.indexOf(a.stage) - modelStages.indexOf(b.stage),
      ),
    }),
  );
}

async function hydrateVersionsById(
  db: Knex,
  rows: readonly VersionRow[],
  blobPrefix: string,
): Promise<{ modelId: string; entity: ModelVersion }[]> {
  const entities = await hydrateVersions(db, rows, blobPrefix);
  return entities.map((entity, i) => ({ modelId: rows[i]!.model_id, entity }));
}

function sortedAliases(aliases: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
