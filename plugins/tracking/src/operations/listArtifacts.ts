import type { ArtifactEntry } from '@mlops/plugin-api';
import { requireBlobStore, runArtifactRoot, validateArtifactPath } from '../artifactKeys.js';
import { listArtifactsUnder } from '../artifactTree.js';
import { findRun } from '../findRun.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * The direct children of `path` (the run's artifact root when absent): files with their size,
 * then directories, each sorted by path. A path that names a file or nothing gives an empty list,
 * as in MLflow.
 * @throws FailedPreconditionError when no BlobStore is configured; InvalidArgumentError for a bad
 * path; NotFoundError for an unknown run.
 */
export async function listArtifacts(
  ctx: TrackingContext,
  runId: string,
  path: string | undefined,
): Promise<ArtifactEntry[]> {
  const blobs = requireBlobStore(ctx);
  if (path !== undefined) validateArtifactPath(path);
  const run = await findRun(ctx.db, runId);
  return listArtifactsUnder(blobs, runArtifactRoot(run), path);
}
