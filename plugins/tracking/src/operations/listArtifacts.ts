import type { ArtifactEntry } from '@mlops/plugin-api';
import { requireBlobStore, runArtifactRoot, validateArtifactPath } from '../artifactKeys.js';
import { findRun } from '../findRun.js';
import { compareText } from '../rows.js';
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
  const base = path === undefined ? '' : `${path}/`;
  const prefix = runArtifactRoot(run) + base;
  const files: ArtifactEntry[] = [];
  const dirs = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await blobs.list({ prefix, ...(pageToken === undefined ? {} : { pageToken }) });
    for (const item of page.items) {
      const rest = item.key.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) files.push({ path: base + rest, isDir: false, size: item.size });
      else dirs.add(base + rest.slice(0, slash));
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  files.sort((x, y) => compareText(x.path, y.path));
  return [...files, ...[...dirs].sort(compareText).map((d) => ({ path: d, isDir: true }))];
}
