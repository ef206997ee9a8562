import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import type { RunRow } from './rows.js';

/** MLflow's run id rule; ids this store makes are 32 lowercase hex characters. */
const runIdPattern = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,255}$/u;

/**
 * Checks a run id's shape, as MLflow does before any lookup.
 * @throws InvalidArgumentError `Invalid run ID: '<id>'`, field `runId`.
 */
export function validateRunId(runId: unknown): asserts runId is string {
  if (typeof runId !== 'string' || !runIdPattern.test(runId)) {
    throw new InvalidArgumentError(`Invalid run ID: '${String(runId)}'`, {
      field: 'runId',
      reason: 'bad_id',
    });
  }
}

/**
 * The run's row, whatever its lifecycle stage.
 * @throws InvalidArgumentError for a malformed id; NotFoundError `Run with id=<id> not found`.
 */
export async function findRun(db: Knex, runId: string): Promise<RunRow> {
  validateRunId(runId);
  const row = (await db('tracking_runs').where({ run_id: runId }).first()) as RunRow | undefined;
  if (row === undefined) throw runNotFound(runId);
  return row;
}

/** The error for a run id that names no run: `Run with id=<id> not found`. */
export function runNotFound(runId: string): NotFoundError {
  return new NotFoundError(`Run with id=${runId} not found`, { field: 'runId' });
}

/**
 * Refuses writes to a deleted run, with MLflow's message.
 * @throws FailedPreconditionError `The run <id> must be in the 'active' state. Current state is deleted.`
 */
export function requireActiveRun(run: RunRow): void {
  if (run.lifecycle_stage !== 'active') {
    throw new FailedPreconditionError(
      `The run ${run.run_id} must be in the 'active' state. Current state is ${run.lifecycle_stage}.`,
      { field: 'runId', reason: 'deleted' },
    );
  }
}

/** The run's row, refusing a deleted one. */
export async function findActiveRun(db: Knex, runId: string): Promise<RunRow> {
  const run = await findRun(db, runId);
  requireActiveRun(run);
  return run;
}
