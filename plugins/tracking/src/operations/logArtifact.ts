import { type ArtifactEntry, type BlobBody, type CallContext, RunArtifactLogged } from '@mlops/plugin-api';
import { requireBlobStore, runArtifactRoot, validateArtifactPath } from '../artifactKeys.js';
import { findActiveRun } from '../findRun.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * Streams `body` into the BlobStore at the run's artifact `path`, replacing what was there; the
 * store writes atomically and records the sha256. Emits `run.artifact.logged`.
 * @throws FailedPreconditionError when no BlobStore is configured or the run is deleted;
 * InvalidArgumentError for a bad path; NotFoundError for an unknown run; the BlobStore's errors.
 */
export async function logArtifact(
  ctx: TrackingContext,
  runId: string,
  path: string,
  body: BlobBody,
  call: CallContext,
): Promise<ArtifactEntry> {
  const blobs = requireBlobStore(ctx);
  validateArtifactPath(path);
  const run = await findActiveRun(ctx.db, runId);
  const info = await blobs.put(runArtifactRoot(run) + path, body);
  ctx.hooks.emit(RunArtifactLogged, {
    runId,
    experimentId: String(run.experiment_id),
    path,
    size: info.size,
    sha256: info.sha256,
    call,
  });
  return { path, isDir: false, size: info.size };
}
