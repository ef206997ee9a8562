import {
  type BlobInfo,
  type BlobStore,
  type CallContext,
  FailedPreconditionError,
  InvalidArgumentError,
} from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';
import { versionArtifactPrefix } from '../rows.js';
import { tables } from '../tables.js';

/** Options of {@link collectGarbage}. */
export interface CollectGarbageOptions {
  /** Report the orphans, and delete nothing. */
  readonly dryRun?: boolean;
  /**
   * Objects modified less than this many milliseconds ago are kept even without an owner, so an
   * upload racing the scan is never collected; default one hour.
   */
  readonly minAgeMs?: number;
  /** Objects per BlobStore listing page (default 1000): the scan holds one page at a time. */
  readonly pageSize?: number;
  /** The most orphans listed in the report (default 1000); all are counted and deleted. */
  readonly maxListed?: number;
}

/** One object without an owner. */
export interface OrphanObject {
  readonly key: string;
  readonly size: number;
}

/** What a garbage collection found, and deleted. */
export interface GarbageReport {
  readonly dryRun: boolean;
  /** Objects listed under `blobPrefix`. */
  readonly scanned: number;
  /** The first `maxListed` orphans, in key order. */
  readonly orphans: readonly OrphanObject[];
  readonly orphanCount: number;
  /** Bytes of all the orphans. */
  readonly bytes: number;
  /** Orphans deleted (0 in a dry run). */
  readonly deleted: number;
}

const defaultMinAgeMs = 3_600_000;
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
  const startedAt = Date.now();
  const { dryRun, minAgeMs, pageSize, maxListed } = validateOptions(options);
  const cutoff = startedAt - minAgeMs;
  const blobs = requireBlobStore(ctx);
  const prefix = ctx.options.blobPrefix;
  const orphans: OrphanObject[] = [];
  let scanned = 0;
  let orphanCount = 0;
  let bytes = 0;
  let deleted = 0;
  let deletedBytes = 0;
  let pageToken: string | undefined;
  do {
    const page = await blobs.list({ prefix, pageSize, ...(pageToken === undefined ? {} : { pageToken }) });
    scanned += page.items.length;
    const old = page.items.filter((item) => item.lastModified.getTime() <= cutoff);
    const owned = await ownedPrefixes(ctx, old);
    for (const item of old) {
      const owner = ownerPrefix(prefix, item.key);
      if (owner !== undefined && owned.has(owner)) continue;
      orphanCount += 1;
      bytes += item.size;
      if (orphans.length < maxListed) orphans.push({ key: item.key, size: item.size });
      if (dryRun) continue;
      // Page tokens are the last key listed, so deleting listed keys does not shift the next page.
      await blobs.delete(item.key);
      deleted += 1;
      deletedBytes += item.size;
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  await ctx.db(tables.gcRuns).insert({
    started_at: startedAt,
    finished_at: Date.now(),
    principal: call.principal.id,
    request_id: call.requestId,
    dry_run: dryRun,
    min_age_ms: minAgeMs,
    scanned,
    orphans: orphanCount,
    orphan_bytes: bytes,
    deleted,
    deleted_bytes: deletedBytes,
  });
  if (deleted > 0) {
    ctx.logger.info({ deleted, bytes: deletedBytes, scanned }, 'deleted orphaned registry objects');
  }
  return { dryRun, scanned, orphans, orphanCount, bytes, deleted };
}

/** The version prefix `key` lies under, when it has the shape of one. */
function ownerPrefix(blobPrefix: string, key: string): string | undefined {
  const [modelId, version, ...rest] = key.slice(blobPrefix.length).split('/');
  if (modelId === undefined || modelId === '' || rest.length === 0) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(version ?? '') || Number(version) > maxVersion) return undefined;
  return `${blobPrefix}${modelId}/${version}/`;
}

/** The version prefixes, among those of `items`, whose version exists (in any lifecycle stage). */
async function ownedPrefixes(ctx: RegistryContext, items: readonly BlobInfo[]): Promise<Set<string>> {
  const prefix = ctx.options.blobPrefix;
  const pairs = new Map<string, [string, number]>();
  for (const item of items) {
    const owner = ownerPrefix(prefix, item.key);
    if (owner === undefined || pairs.has(owner)) continue;
    const [modelId, version] = owner.slice(prefix.length).split('/');
    pairs.set(owner, [modelId!, Number(version)]);
  }
  const owned = new Set<string>();
  const all = [...pairs.values()];
  for (let at = 0; at < all.length; at += pairsPerQuery) {
    const rows = (await ctx
      .db(tables.versions)
      .whereIn(['model_id', 'version'], all.slice(at, at + pairsPerQuery))
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

function validateOptions(options: CollectGarbageOptions): Required<CollectGarbageOptions> {
  const { dryRun = false, minAgeMs = defaultMinAgeMs, pageSize = 1000, maxListed = 1000 } = options;
  if (typeof dryRun !== 'boolean') {
    throw new InvalidArgumentError('dryRun must be a boolean', { field: 'dryRun' });
  }
  if (typeof minAgeMs !== 'number' || !Number.isFinite(minAgeMs) || minAgeMs < 0) {
    throw new InvalidArgumentError(`minAgeMs must be a number >= 0, got ${JSON.stringify(minAgeMs)}`, {
      field: 'minAgeMs',
    });
  }
  for (const [field, value, min] of [
    ['pageSize', pageSize, 1],
    ['maxListed', maxListed, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new InvalidArgumentError(
        `${field} must be a whole number >= ${min}, got ${JSON.stringify(value)}`,
        {
          field,
        },
      );
    }
  }
  return { dryRun, minAgeMs, pageSize, maxListed };
}
