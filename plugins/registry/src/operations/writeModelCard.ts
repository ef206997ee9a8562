import type { CallContext, ModelCard, ModelVersionRef, TransitionRecord } from '@mlops/plugin-api';
import { renderModelCard } from '../card/renderModelCard.js';
import type { RegistryContext } from '../RegistryContext.js';
import { getModelVersion } from './getModelVersion.js';
import { readHistory } from './readHistory.js';
import { readModelLineage, readRun } from './readModelLineage.js';

/** The card's file name under the version's `artifactPrefix`. */
export const modelCardFile = 'model-card.md';

/**
 * Generates a version's model card; with a BlobStore, also stores it (replacing the previous one)
 * under the version's registry-owned prefix, so purge removes it with the version.
 * @throws InvalidArgumentError for a bad ref; NotFoundError for an unknown or deleted version.
 */
export async function writeModelCard(
  ctx: RegistryContext,
  ref: ModelVersionRef,
  call: CallContext,
): Promise<ModelCard> {
  const version = await getModelVersion(ctx, ref);
  const lineage = await readModelLineage(ctx, ref, call);
  const run = await readRun(ctx, version.runId, call);
  const history: TransitionRecord[] = [];
  let pageToken: string | undefined;
  do {
    const page = await readHistory(ctx, {
      model: version.model,
      maxResults: 10_000,
      ...(pageToken === undefined ? {} : { pageToken }),
    });
    // An alias leaving this version is recorded against the version it went to (or none).
    history.push(
      ...page.items.filter((r) => r.version === version.version || r.from === `v${version.version}`),
    );
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  const markdown = renderModelCard({ version, lineage, run, history });
  if (ctx.blobs === undefined) return { markdown };
  const blobKey = `${version.artifactPrefix}${modelCardFile}`;
  await ctx.blobs.put(blobKey, markdown, { contentType: 'text/markdown; charset=utf-8' });
  return { markdown, blobKey };
}
