import { type CallContext, type DatasetInput, isMlopsError, NotFoundError } from '@mlops/plugin-api';
import type { RegistryContext } from '../RegistryContext.js';

/**
 * The dataset inputs of a new version's source run, read from Tracking before the version's
 * transaction opens (Tracking may share the database connection). Without Tracking, without a run
 * id, or for a run on another server (`runLink`), there is nothing to read.
 * @throws NotFoundError naming `runId` when Tracking does not know the run.
 */
export async function readSourceRun(
  ctx: RegistryContext,
  runId: string | undefined,
  runLink: string | undefined,
  call: CallContext,
): Promise<readonly DatasetInput[]> {
  if (ctx.tracking === undefined || runId === undefined || runLink !== undefined) return [];
  try {
    const run = await ctx.tracking.getRun(runId, call);
    return run.inputs.datasetInputs;
  } catch (err) {
    if (isMlopsError(err, 'NotFound')) {
      throw new NotFoundError(
        `source run "${runId}" does not exist in tracking`,
        { field: 'runId' },
        { cause: err },
      );
    }
    throw err;
  }
}
