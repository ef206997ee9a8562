import { InvalidArgumentError } from '@mlops/plugin-api';

/**
 * The run a request is about: `run_id`, else the deprecated `run_uuid`, as MLflow's handlers read
 * them (the Python client sends both).
 * @throws InvalidArgumentError with MLflow's message when neither is given or both are empty.
 */
export function mlflowRunId(fields: unknown): string {
  const { run_id: runId, run_uuid: runUuid } = (fields ?? {}) as { run_id?: unknown; run_uuid?: unknown };
  const id = runId || runUuid;
  if (typeof id !== 'string' || id === '') {
    throw new InvalidArgumentError(
      "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
      { field: 'run_id', reason: 'missing' },
    );
  }
  return id;
}
