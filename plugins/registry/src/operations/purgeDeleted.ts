import {
  type CallContext,
  InvalidArgumentError,
  type ModelVersionRef,
  type PurgeOptions,
  type PurgeReport,
  RegistryPurged,
} from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { RegistryContext } from '../RegistryContext.js';
import { millis, versionArtifactPrefix } from '../rows.js';
import { findOrphanBlobs } from '../store/findOrphanBlobs.js';
import { listBlobKeys } from '../store/listBlobKeys.js';
import { tables } from '../tables.js';

const dayMs = 86_400_000;

/** A model or version old enough to purge, with the registry-owned objects under its prefix. */
interface Candidate {
  readonly kind: 'model' | 'version';
  readonly modelId: string;
  readonly model: string;
  readonly version: number | null;
  readonly deletedTime: number;
  readonly blobKeys: readonly string[];
}

function validateOptions(
  ctx: RegistryContext,
  options: PurgeOptions | undefined,
): { dryRun: boolean; days: number } {
  const dryRun = options?.dryRun ?? false;
  if (typeof dryRun !== 'boolean')
    throw new InvalidArgumentError('dryRun must be a boolean', { field: 'dryRun' });
  const days = options?.retentionDays ?? ctx.options.retentionDays;
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw new InvalidArgumentError(`retentionDays must be a number >= 0, got ${JSON.stringify(days)}`, {
      field: 'retentionDays',
    });
  }
  return { dryRun, days };
}

async function findCandidates(ctx: RegistryContext, cutoff: number): Promise<Candidate[]> {
  const { db, blobs, options } = ctx;
  const keysUnder = (prefix: string) =>
    blobs === undefined ? Promise.resolve([]) : listBlobKeys(blobs, prefix);
  const models = (await db(tables.models)
    .whereNotNull('deleted_time')
    .where('deleted_time', '<=', cutoff)
    .orderBy('name')
    .select('id', 'name', 'deleted_time')) as { id: string; name: string; deleted_time: string | number }[];
  const purgedModels = new Set(models.map((m) => m.id));
  const versions = (await db(tables.versions)
    .join(tables.models, `${tables.models}.id`, `${tables.versions}.model_id`)
    .whereNotNull(`${tables.versions}.deleted_time`)
    .where(`${tables.versions}.deleted_time`, '<=', cutoff)
    .orderBy([`${tables.models}.name`, `${tables.versions}.version`])
    .select(
      `${tables.versions}.model_id`,
      `${tables.models}.name`,
      `${tables.versions}.version`,
      `${tables.versions}.deleted_time`,
    )) as {
    model_id: string;
    name: string;
    version: number;
    deleted_time: string | number;
  }[];
  const candidates: Candidate[] = [];
  for (const m of models) {
    candidates.push({
      kind: 'model',
      modelId: m.id,
      model: m.name,
      version: null,
      deletedTime: millis(m.deleted_time),
      blobKeys: await keysUnder(`${options.blobPrefix}${m.id}/`),
    });
  }
  for (const v of versions.filter((row) => !purgedModels.has(row.model_id))) {
    candidates.push({
      kind: 'version',
      modelId: v.model_id,
      model: v.name,
      version: v.version,
      deletedTime: millis(v.deleted_time),
      blobKeys: await keysUnder(versionArtifactPrefix(options.blobPrefix, v.model_id, v.version)),
    });
  }
  return candidates;
}

/** Deletes one candidate's rows and records the purge, unless it was restored meanwhile. */
async function purgeRows(trx: Knex, c: Candidate, cutoff: number, call: CallContext): Promise<boolean> {
  let lock = trx(tables.models).where({ id: c.modelId }).first('deleted_time');
  if (trx.client.config.client === 'pg') lock = lock.forUpdate();
  const model = (await lock) as { deleted_time: string | number | null } | undefined;
  if (model === undefined) return false;
  const scope = c.kind === 'model' ? { model_id: c.modelId } : { model_id: c.modelId, version: c.version };
  if (c.kind === 'model') {
    if (model.deleted_time === null || millis(model.deleted_time) > cutoff) return false;
  } else {
    const row = (await trx(tables.versions).where(scope).first('deleted_time')) as
      | { deleted_time: string | number | null }
      | undefined;
    if (row === undefined || row.deleted_time === null || millis(row.deleted_time) > cutoff) return false;
  }
  await trx(tables.versionDatasets).where(scope).delete();
  await trx(tables.versionTags).where(scope).delete();
  await trx(tables.aliases).where(scope).delete();
  await trx(tables.versions).where(scope).delete();
  if (c.kind === 'model') {
    await trx(tables.history).where(scope).delete();
    await trx(tables.modelTags).where(scope).delete();
    await trx(tables.models).where({ id: c.modelId }).delete();
  }
  await trx(tables.purges).insert({
    kind: c.kind,
    model_id: c.modelId,
    model_name: c.model,
    version: c.version,
    deleted_time: c.deletedTime,
    purged_at: Date.now(),
    principal: call.principal.id,
    blob_keys: c.blobKeys.length,
  });
  return true;
}

/**
 * Permanently removes the models and versions soft-deleted at least `retentionDays` ago. Each goes
 * in its own transaction (rows, then a purge record), after re-checking under the model's lock that
 * it was not restored meanwhile; then its registry-owned objects are deleted from the BlobStore.
 * Objects an interrupted purge left behind are found and deleted too. A dry run only reports.
 * Sources outside the registry's prefix (run artifacts, external URIs) are never touched.
 * @throws InvalidArgumentError naming `dryRun` or `retentionDays`.
 */
export async function purgeDeleted(
  ctx: RegistryContext,
  options: PurgeOptions,
  call: CallContext,
): Promise<PurgeReport> {
  const { dryRun, days } = validateOptions(ctx, options);
  const cutoff = Date.now() - days * dayMs;
  const candidates = await findCandidates(ctx, cutoff);
  const purged: Candidate[] = [];
  if (dryRun) {
    purged.push(...candidates);
  } else {
    for (const c of candidates) {
      if (await ctx.db.transaction((trx) => purgeRows(trx, c, cutoff, call))) purged.push(c);
    }
  }
  const blobKeys = purged.flatMap((c) => c.blobKeys);
  if (ctx.blobs !== undefined) {
    if (!dryRun) for (const key of blobKeys) await ctx.blobs.delete(key);
    const orphans = await findOrphanBlobs(ctx.db, ctx.blobs, ctx.options.blobPrefix);
    const planned = new Set(blobKeys);
    for (const key of orphans) {
      if (planned.has(key)) continue;
      if (!dryRun) await ctx.blobs.delete(key);
      blobKeys.push(key);
    }
  }
  const models = purged.filter((c) => c.kind === 'model').map((c) => c.model);
  const versions: ModelVersionRef[] = purged
    .filter((c) => c.kind === 'version')
    .map((c) => ({ model: c.model, version: c.version as number }));
  if (!dryRun && purged.length > 0) {
    ctx.logger.info({ models, versions, blobKeys: blobKeys.length }, 'purged deleted models and versions');
    ctx.hooks.emit(RegistryPurged, { models, versions, call });
  }
  return { dryRun, cutoff, models, versions, blobKeys: [...blobKeys].sort() };
}
