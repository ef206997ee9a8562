import { InvalidArgumentError } from '@mlops/plugin-api';

/** MLflow's run id rule: an alphanumeric, then up to 255 alphanumerics, `_` or `-`. */
const runIdPattern = /^[a-zA-Z0-9][\w-]{0,255}$/;

/**
 * The run id of a new version: `runId` when given (checked), else the one in a `runs:/<id>/...`
 * source, else undefined.
 * @throws InvalidArgumentError naming `runId` for a malformed id.
 */
export function resolveRunId(runId: unknown, source: string): string | undefined {
  if (runId === undefined) {
    const match = /^runs:\/([^/]+)\//.exec(source) ?? /^runs:\/([^/]+)$/.exec(source);
    return match !== null && runIdPattern.test(match[1]!) ? match[1] : undefined;
  }
  if (typeof runId !== 'string' || !runIdPattern.test(runId)) {
    throw new InvalidArgumentError(
      `runId ${JSON.stringify(runId)} is not a run id (an alphanumeric, then up to 255 alphanumerics, _ or -)`,
      { field: 'runId' },
    );
  }
  return runId;
}
