import {
  type BlobStore,
  type CallContext,
  type CollectGarbageOptions,
  FailedPreconditionError,
  type GarbageReport,
  sweepOrphanBlobs,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { versionArtifactPrefix } from '../rows.js';
import { tables } from '../tables.js';

const maxVersion = 2_147_483_647;
const pairsPerQuery = 400;

/**
 * Deletes the objects under `blobPrefix` that belong to no version: those of purged versions and
 * models (a purge interrupted between its commit and the objects' deletion), of versions or models
 * that never existed, and keys that are not `<blobPrefix><modelId>/<version>/...` at all. Versions
 * in any lifecycle stage, and the versions of soft-deleted models, keep their objects. The listing
 * is read page by page and each page's versions are looked up together, so memory stays bounded by
 * `pageSize`. Each collection is recorded in `registry_gc_runs`; a dry run is recorded too, and
 * deletes nothing.
 * @throws FailedPreconditionError when no BlobStore is configured; InvalidArgumentError naming a
 * bad option; the BlobStore's errors.
 */
export async function collectGarbage(
  ctx: RegistryContext,
  options: CollectGarbageOptions,
  call: CallContext,
): Promise<GarbageReport> {
  const prefix = ctx.options.blobPrefix;
  const sweep = await sweepOrphanBlobs(
    requireBlobStore(ctx),
    {
      prefix,
      ownerOf: (key) => ownerPrefix(prefix, key),
      existing: (owners) => existingPrefixes(ctx, owners),
    },
    options,
  );
  await ctx.db(tables.gcRuns).insert({
    started_at: sweep.startedAt,
    finished_at: Date.now(),
    principal: call.principal.id,
    request_id: call.requestId,
    dry_run: sweep.dryRun,
    min_age_ms: sweep.minAgeMs,
    scanned: sweep.scanned,
    orphans: sweep.orphanCount,
    orphan_bytes: sweep.bytes,
    deleted: sweep.deleted,
    deleted_bytes: sweep.deletedBytes,
  });
  if (sweep.deleted > 0) {
    ctx.logger.info(
      { deleted: sweep.deleted, bytes: sweep.deletedBytes, scanned: sweep.scanned },
      'deleted orphaned registry objects',
    );
  }
  const { dryRun, scanned, orphans, orphanCount, bytes, deleted } = sweep;
  return { dryRun, scanned, orphans, orphanCount, bytes, deleted };
}

/** The version prefix `key` lies under, when it has the shape of one. */
function ownerPrefix(blobPrefix: string, key: string): string | undefined {
  const [modelId, version, ...rest] = key.slice(blobPrefix.length).split('/');
  if (modelId === undefined || modelId === '' || rest.length === 0) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(version ?? '') || Number(version) > maxVersion) return undefined;
  return `${blobPrefix}${modelId}/${version}/`;
}

/** Those of the version prefixes `owners` whose version exists (in any lifecycle stage). */
async function existingPrefixes(ctx: RegistryContext, owners: readonly string[]): Promise<Set<string>> {
  const prefix = ctx.options.blobPrefix;
  const pairs = owners.map((owner) => {
    const [modelId, version] = owner.slice(prefix.length).split('/');
    return [modelId!, Number(version)] as [string, number];
  });
  const owned = new Set<string>();
  for (let at = 0; at < pairs.length; at += pairsPerQuery) {
    const rows = (await ctx
      .db(tables.versions)
      .whereIn(['model_id', 'version'], pairs.slice(at, at + pairsPerQuery))
      .select('model_id', 'version')) as { model_id: string; version: number }[];
    for (const row of rows) owned.add(versionArtifactPrefix(prefix, row.model_id, Number(row.version)));
  }
  return owned;
}

function requireBlobStore(ctx: RegistryContext): BlobStore {
  if (ctx.blobs === undefined) {
    throw new FailedPreconditionError(
      'garbage collection of registry objects needs a BlobStore, and no BlobStore plugin is configured (add storage-fs or storage-s3 to the config)',
      { reason: 'no_blob_store' },
    );
  }
  return ctx.blobs;
}
