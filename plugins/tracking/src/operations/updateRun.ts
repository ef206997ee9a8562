import {
  type CallContext,
  InvalidArgumentError,
  RunFinished,
  type RunInfo,
  type RunStatus,
  type RunUpdate,
  RunUpdated,
} from '@mlops/plugin-api';
import { findActiveRun } from '../findRun.js';
import { limits, runNameTag } from '../limits.js';
import { type RunRow, toRunInfo } from '../rows.js';
import type { TrackingContext } from '../TrackingContext.js';
import { validateLength } from '../validateKeyName.js';
import { validateTime } from '../validateTime.js';

const statuses: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
const terminal = new Set<RunStatus>(['FINISHED', 'FAILED', 'KILLED']);

/**
 * Changes an active run's status, end time or name (the name also sets the `mlflow.runName`
 * tag). Moving to a terminal status without an end time sets it to now, if the run has none, and
 * emits `run.finished`.
 * @throws InvalidArgumentError for an unknown status, a bad end time or name; NotFoundError;
 * FailedPreconditionError when the run is deleted.
 */
export async function updateRun(
  ctx: TrackingContext,
  runId: string,
  update: RunUpdate,
  call: CallContext,
): Promise<RunInfo> {
  const { status, endTime, runName } = update;
  if (status !== undefined && !statuses.includes(status)) {
    throw new InvalidArgumentError(
      `Could not get run status corresponding to string ${String(status)}. Valid run status strings: ${statuses.join(', ')}`,
      { field: 'status', reason: 'unknown_status' },
    );
  }
  if (endTime !== undefined) validateTime(endTime, 'endTime');
  if (runName !== undefined) validateLength('Tag value', limits.tagValueLength, runName, 'runName');
  const run = await findActiveRun(ctx.db, runId);
  const changes: Partial<Record<keyof RunRow, unknown>> = {};
  if (status !== undefined) changes.status = status;
  if (endTime !== undefined) changes.end_time = endTime;
  else if (status !== undefined && terminal.has(status) && run.end_time === null)
    changes.end_time = Date.now();
  if (runName) changes.name = runName;
  if (Object.keys(changes).length > 0) {
    await ctx.db.transaction(async (trx) => {
      await trx('tracking_runs').where({ run_int: run.run_int }).update(changes);
      if (runName) {
        await trx('tracking_tags')
          .insert({ run_int: run.run_int, key: runNameTag, value: runName })
          .onConflict(['run_int', 'key'])
          .merge(['value']);
      }
    });
  }
  const info = toRunInfo({ ...run, ...changes } as RunRow);
  if (Object.keys(changes).length === 0) return info;
  const ids = { runId: info.runId, experimentId: info.experimentId, call };
  ctx.hooks.emit(RunUpdated, { ...ids, status: info.status, runName: info.runName });
  if (status !== undefined && terminal.has(status) && run.status !== status) {
    ctx.hooks.emit(RunFinished, { ...ids, status: status as 'FINISHED' | 'FAILED' | 'KILLED' });
  }
  return info;
}
