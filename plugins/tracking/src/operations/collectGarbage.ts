import {
  type CallContext,
  type CollectGarbageOptions,
  type GarbageReport,
  sweepOrphanBlobs,
} from '@mlops/plugin-api';
import { requireBlobStore, runArtifactRoot } from '../artifactKeys.js';
import { inChunks } from '../inChunks.js';
import { modelArtifactRoot } from '../loggedModels/loggedModelRows.js';
import type { TrackingContext } from '../TrackingContext.js';

/** Every object tracking writes lies under this prefix. */
export const trackingKeySpace = 'experiments/';
const runRootPattern = /^experiments\/[^/]+\/runs\/([^/]+)\/artifacts\//;
const modelRootPattern = /^experiments\/[^/]+\/models\/(m-[0-9a-f]{32})\/artifacts\//;

/**
 * Deletes the objects under `experiments/` that belong to no run or logged model: artifacts of
 * purged runs or models left by an interrupted purge, objects written for an id that was never
 * committed, or under the wrong experiment, or outside any artifact root. Runs and logged models
 * in any lifecycle stage keep their artifacts (a soft-deleted run can be restored; a deleted model
 * waits for its purge). The listing is read page by page, and each
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
  const sweep = await sweepOrphanBlobs(
    requireBlobStore(ctx),
    {
      prefix: trackingKeySpace,
      ownerOf: (key) => (runRootPattern.exec(key) ?? modelRootPattern.exec(key))?.[0],
      existing: (roots) => existingRoots(ctx, roots),
    },
    options,
  );
  await ctx.db('tracking_gc_runs').insert({
    started_at: sweep.startedAt,
    finished_at: Date.now(),
    run_by: call.principal.id,
    request_id: call.requestId,
    dry_run: sweep.dryRun,
    min_age_ms: sweep.minAgeMs,
    scanned: sweep.scanned,
    orphans: sweep.orphanCount,
    orphan_bytes: sweep.bytes,
    deleted: sweep.deleted,
    deleted_bytes: sweep.deletedBytes,
  });
  const { dryRun, scanned, orphans, orphanCount, bytes, deleted } = sweep;
  return { dryRun, scanned, orphans, orphanCount, bytes, deleted };
}

/** Those of the artifact roots `roots` whose run or logged model exists under that experiment. */
async function existingRoots(ctx: TrackingContext, roots: readonly string[]): Promise<Set<string>> {
  const runIds: string[] = [];
  const modelIds: string[] = [];
  for (const root of roots) {
    const model = modelRootPattern.exec(root);
    if (model !== null) modelIds.push(model[1]!);
    else runIds.push(runRootPattern.exec(root)![1]!);
  }
  const owned = new Set<string>();
  const lookUp = async <R>(table: string, idColumn: string, ids: string[], rootOf: (row: R) => string) => {
    for (const chunk of inChunks([...new Set(ids)], 500)) {
      const rows = (await ctx.db(table).whereIn(idColumn, chunk).select(idColumn, 'experiment_id')) as R[];
      for (const row of rows) owned.add(rootOf(row));
    }
  };
  await lookUp('tracking_logged_models', 'model_id', modelIds, modelArtifactRoot);
  await lookUp('tracking_runs', 'run_id', runIds, runArtifactRoot);
  return owned;
}
