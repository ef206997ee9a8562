import { type BlobStore, FailedPreconditionError, InvalidArgumentError } from '@mlops/plugin-api';
import type { RunRow } from './rows.js';
import type { TrackingContext } from './TrackingContext.js';

/** Where a run's artifacts live in the BlobStore: `experiments/<experimentId>/runs/<runId>/artifacts/`. */
export function runArtifactRoot(run: Pick<RunRow, 'experiment_id' | 'run_id'>): string {
  return `experiments/${run.experiment_id}/runs/${run.run_id}/artifacts/`;
}

/**
 * An artifact path: relative, `/`-separated, without empty, `.` or `..` segments, NUL or `\`.
 * @throws InvalidArgumentError `artifact path "<path>" is invalid: <why>`, field `path`.
 */
export function validateArtifactPath(path: unknown): asserts path is string {
  const bad = (why: string) =>
    new InvalidArgumentError(`artifact path ${JSON.stringify(path)} is invalid: ${why}`, {
      field: 'path',
      reason: 'bad_path',
    });
  if (typeof path !== 'string' || path === '') throw bad('it is empty');
  if (path.includes('\0') || path.includes('\\')) throw bad('it contains NUL or a backslash');
  if (path.startsWith('/')) throw bad('it starts with "/"; artifact paths are relative to the run');
  const segments = path.split('/');
  if (segments.includes('')) throw bad('it has an empty segment');
  if (segments.includes('..') || segments.includes('.')) throw bad('it has a "." or ".." segment');
}

/**
 * The BlobStore, or the reason there is none.
 * @throws FailedPreconditionError when no BlobStore plugin is configured.
 */
export function requireBlobStore(ctx: TrackingContext): BlobStore {
  if (ctx.blobs === undefined) {
    throw new FailedPreconditionError(
      'run artifacts need a BlobStore, and no BlobStore plugin is configured (add storage-fs or storage-s3 to the config)',
      { reason: 'no_blob_store' },
    );
  }
  return ctx.blobs;
}
