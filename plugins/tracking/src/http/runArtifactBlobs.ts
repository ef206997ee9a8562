import {
  type BlobInfo,
  type BlobMultipartUploads,
  type BlobStore,
  FailedPreconditionError,
  isMlopsError,
  NotFoundError,
  type Run,
} from '@mlops/plugin-api';
import { runArtifactRoot, validateArtifactPath } from '../artifactKeys.js';

/**
 * Direct BlobStore access to a run's artifacts, for what the Tracking port does not offer
 * (deleting, multipart uploads), under the same keys: `experiments/<e>/runs/<r>/artifacts/<path>`.
 */
export class RunArtifactBlobs {
  constructor(
    private readonly blobs: BlobStore | undefined,
    private readonly multipart: BlobMultipartUploads | undefined,
  ) {}

  /**
   * What the BlobStore knows of an artifact file (its size, for ranges and Content-Length).
   * @throws FailedPreconditionError without a BlobStore; NotFoundError `run <id> has no artifact "<path>"`.
   */
  async head(run: Run, artifactPath: string): Promise<BlobInfo> {
    const key = this.keyOf(run, artifactPath);
    try {
      return await this.store().head(key);
    } catch (err) {
      if (!isMlopsError(err, 'NotFound')) throw err;
      throw new NotFoundError(
        `run ${run.info.runId} has no artifact "${artifactPath}"`,
        { field: 'path' },
        { cause: err },
      );
    }
  }

  /** Whether multipart uploads are available (a BlobStore provider with BlobMultipartUploads). */
  get supportsMultipart(): boolean {
    return this.blobs !== undefined && this.multipart !== undefined;
  }

  /**
   * The BlobStore key of an artifact of `run`.
   * @throws InvalidArgumentError for a bad artifact path.
   */
  keyOf(run: Run, artifactPath: string): string {
    validateArtifactPath(artifactPath);
    return runArtifactRoot({ experiment_id: run.info.experimentId, run_id: run.info.runId }) + artifactPath;
  }

  /**
   * Deletes the artifact at `artifactPath` and everything under it as a directory (the whole
   * run's artifacts for `''`); deleting nothing is not an error, as in MLflow.
   * @throws FailedPreconditionError without a BlobStore; InvalidArgumentError for a bad path.
   */
  async delete(run: Run, artifactPath: string): Promise<number> {
    const blobs = this.store();
    const root = runArtifactRoot({ experiment_id: run.info.experimentId, run_id: run.info.runId });
    const keys: string[] = [];
    if (artifactPath !== '') keys.push(this.keyOf(run, artifactPath));
    const prefix = artifactPath === '' ? root : `${root}${artifactPath}/`;
    let pageToken: string | undefined;
    do {
      const page = await blobs.list({ prefix, ...(pageToken === undefined ? {} : { pageToken }) });
      keys.push(...page.items.map((item) => item.key));
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    for (const key of keys) await blobs.delete(key);
    return keys.length;
  }

  /** @throws FailedPreconditionError when no BlobStore, or no multipart support, is configured. */
  uploads(): BlobMultipartUploads {
    this.store();
    if (this.multipart === undefined) {
      throw new FailedPreconditionError('the configured BlobStore does not support multipart uploads', {
        reason: 'no_multipart',
      });
    }
    return this.multipart;
  }

  private store(): BlobStore {
    if (this.blobs === undefined) {
      throw new FailedPreconditionError(
        'run artifacts need a BlobStore, and no BlobStore plugin is configured (add storage-fs or storage-s3 to the config)',
        { reason: 'no_blob_store' },
      );
    }
    return this.blobs;
  }
}
