import { ApiResponseError } from '@mlops/client';
import type { CliIo } from '../../CliIo.js';
import { errorCodeOf } from './errorCodeOf.js';

/**
 * Says on stderr why a remote command failed: `error: <message>` lines (with the request id of a
 * server error, to quote in a report), or with `--json` one line `{"error_code":...,"message":...}`.
 */
export function reportRemoteError(io: CliIo, err: unknown, json: boolean): void {
  const message = err instanceof Error ? err.message : String(err);
  if (json) {
    io.err(JSON.stringify({ error_code: errorCodeOf(err), message }));
    return;
  }
  for (const line of message.split('\n')) io.err(`error: ${line}`);
  const answer = err instanceof Error ? err.cause : undefined;
  if (answer instanceof ApiResponseError && answer.status >= 500 && answer.requestId !== undefined) {
    io.err(`(request id ${answer.requestId})`);
  }
}
