import type { Run } from '@mlops/plugin-api';
import { findRun } from '../findRun.js';
import { loadRuns, wholeRun } from '../loadRuns.js';
import type { TrackingContext } from '../TrackingContext.js';

/**
 * The run, active or deleted, with its latest metrics, params, tags and dataset inputs.
 * @throws InvalidArgumentError for a malformed id; NotFoundError `Run with id=<id> not found`.
 */
export async function getRun(ctx: TrackingContext, runId: string): Promise<Run> {
  const row = await findRun(ctx.db, runId);
  const [run] = await loadRuns(ctx.db, [row], wholeRun);
  return run!;
}
