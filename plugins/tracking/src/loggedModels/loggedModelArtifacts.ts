import type { Readable } from 'node:stream';
import type { ArtifactEntry, BlobBody, GetOptions } from '@mlops/plugin-api';
import { requireBlobStore, validateArtifactPath } from '../artifactKeys.js';
import { listArtifactsUnder, openArtifactUnder } from '../artifactTree.js';
import type { TrackingContext } from '../TrackingContext.js';
import { findLoggedModel, modelArtifactRoot } from './loggedModelRows.js';

/**
 * Streams `body` into a logged model's artifacts at `path`, replacing what was there.
 * @throws FailedPreconditionError without a BlobStore; InvalidArgumentError for a bad path;
 * NotFoundError for an unknown model.
 */
export async function logModelArtifact(
  ctx: TrackingContext,
  modelId: string,
  path: string,
  body: BlobBody,
): Promise<ArtifactEntry> {
  const blobs = requireBlobStore(ctx);
  validateArtifactPath(path);
  const model = await findLoggedModel(ctx.db, modelId);
  const info = await blobs.put(modelArtifactRoot(model) + path, body);
  return { path, isDir: false, size: info.size };
}

/** Direct children of `path` in a logged model's artifacts (see `listArtifactsUnder`). */
export async function listModelArtifacts(
  ctx: TrackingContext,
  modelId: string,
  path: string | undefined,
): Promise<ArtifactEntry[]> {
  const blobs = requireBlobStore(ctx);
  if (path !== undefined) validateArtifactPath(path);
  const model = await findLoggedModel(ctx.db, modelId);
  return listArtifactsUnder(blobs, modelArtifactRoot(model), path);
}

/** One artifact of a logged model, whole or a range. @throws NotFoundError as `openArtifactUnder`. */
export async function openModelArtifact(
  ctx: TrackingContext,
  modelId: string,
  path: string,
  options?: GetOptions,
): Promise<Readable> {
  const blobs = requireBlobStore(ctx);
  validateArtifactPath(path);
  const model = await findLoggedModel(ctx.db, modelId);
  return openArtifactUnder(blobs, modelArtifactRoot(model), path, `logged model ${modelId}`, options);
}
