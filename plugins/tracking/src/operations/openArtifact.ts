import type { Readable } from 'node:stream';
import type { GetOptions } from '@mlops/plugin-api';
import { requireBlobStore, runArtifactRoot, validateArtifactPath } from '../artifactKeys.js';
import { openArtifactUnder } from '../artifactTree.js';
import { findRun } from '../findRun.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * Streams one artifact of a run (active or deleted), whole or a byte range; a whole read is
 * checked against its sha256 by the BlobStore.
 * @throws FailedPreconditionError when no BlobStore is configured; InvalidArgumentError for a bad
 * path or range; NotFoundError for an unknown run or `run <id> has no artifact "<path>"`.
 */
export async function openArtifact(
  ctx: TrackingContext,
  runId: string,
  path: string,
  options?: GetOptions,
): Promise<Readable> {
  const blobs = requireBlobStore(ctx);
  validateArtifactPath(path);
  const run = await findRun(ctx.db, runId);
  return openArtifactUnder(blobs, runArtifactRoot(run), path, `run ${runId}`, options);
}
