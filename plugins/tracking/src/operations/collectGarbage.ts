import { type BlobInfo, type CallContext, InvalidArgumentError } from '@mlops/plugin-api';
import { requireBlobStore, runArtifactRoot } from '../artifactKeys.js';
import { inChunks } from '../inChunks.js';
import type { TrackingContext } from '../TrackingContext.js';

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
  /** Objects listed under the plugin's key space. */
  readonly scanned: number;
  /** The first `maxListed` orphans, in key order. */
  readonly orphans: readonly OrphanObject[];
  readonly orphanCount: number;
  /** Bytes of all the orphans. */
  readonly bytes: number;
  /** Orphans deleted (0 in a dry run). */
  readonly deleted: number;
}

/** Every object tracking writes lies under this prefix. */
export const trackingKeySpace = 'experiments/';
const defaultMinAgeMs = 3_600_000;
const runRootPattern = /^experiments\/[^/]+\/runs\/([^/]+)\/artifacts\//;

/**
 * Deletes the objects under `experiments/` that belong to no run: artifacts of purged runs left
 * by an interrupted purge, objects written for a run id that was never committed, or under the
 * wrong experiment, or outside any run's artifact root. Runs in any lifecycle stage keep their
 * artifacts (a soft-deleted run can be restored). The listing is read page by page, and each
 * page's run ids are looked up in one query, so memory stays bounded by `pageSize`. Each
 * collection is recorded in `tracking_gc_runs`; a dry run is recorded too, and deletes nothing.
 * @throws FailedPreconditionError when no BlobStore is configured; InvalidArgumentError naming a
 * bad option; the BlobStore's errors.
 */
export async function collectGarbage(
  ctx: TrackingContext,
  options: CollectGarbageOptions,
  call: CallContext,
): Promise<GarbageReport> {
  const startedAt = Date.now();
  const { dryRun, minAgeMs, pageSize, maxListed } = validateOptions(options);
  const cutoff = startedAt - minAgeMs;
  const blobs = requireBlobStore(ctx);
  const orphans: OrphanObject[] = [];
  let scanned = 0;
  let orphanCount = 0;
  let bytes = 0;
  let deleted = 0;
  let deletedBytes = 0;
  let pageToken: string | undefined;
  do {
    const page = await blobs.list({
      prefix: trackingKeySpace,
      pageSize,
      ...(pageToken === undefined ? {} : { pageToken }),
    });
    scanned += page.items.length;
    const old = page.items.filter((item) => item.lastModified.getTime() <= cutoff);
    const owned = await ownedRoots(ctx, old);
    for (const item of old) {
      const root = runRootPattern.exec(item.key)?.[0];
      if (root !== undefined && owned.has(root)) continue;
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
  await ctx.db('tracking_gc_runs').insert({
    started_at: startedAt,
    finished_at: Date.now(),
    run_by: call.principal.id,
    request_id: call.requestId,
    dry_run: dryRun,
    min_age_ms: minAgeMs,
    scanned,
    orphans: orphanCount,
    orphan_bytes: bytes,
    deleted,
    deleted_bytes: deletedBytes,
  });
  return { dryRun, scanned, orphans, orphanCount, bytes, deleted };
}

/** The artifact roots, among those of `items`, whose run exists under that experiment. */
async function ownedRoots(ctx: TrackingContext, items: readonly BlobInfo[]): Promise<Set<string>> {
  const runIds = new Set<string>();
  for (const item of items) {
    const runId = runRootPattern.exec(item.key)?.[1];
    if (runId !== undefined) runIds.add(runId);
  }
  const roots = new Set<string>();
  for (const chunk of inChunks([...runIds], 500)) {
    const rows = (await ctx
      .db('tracking_runs')
      .whereIn('run_id', chunk)
      .select('run_id', 'experiment_id')) as { run_id: string; experiment_id: number }[];
    for (const row of rows) roots.add(runArtifactRoot(row));
  }
  return roots;
}

function validateOptions(options: CollectGarbageOptions): Required<CollectGarbageOptions> {
  const { dryRun = false, minAgeMs = defaultMinAgeMs, pageSize = 1000, maxListed = 1000 } = options;
  if (typeof dryRun !== 'boolean') {
    throw new InvalidArgumentError(`dryRun must be a boolean, got ${JSON.stringify(dryRun)}`, {
      field: 'dryRun',
    });
  }
  if (typeof minAgeMs !== 'number' || !Number.isFinite(minAgeMs) || minAgeMs < 0) {
    throw new InvalidArgumentError(
      `minAgeMs must be a non-negative number of milliseconds, got ${String(minAgeMs)}`,
      { field: 'minAgeMs' },
    );
  }
  for (const [field, value, min] of [
    ['pageSize', pageSize, 1],
    ['maxListed', maxListed, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new InvalidArgumentError(`${field} must be a whole number >= ${min}, got ${String(value)}`, {
        field,
      });
    }
  }
  return { dryRun, minAgeMs, pageSize, maxListed };
}
