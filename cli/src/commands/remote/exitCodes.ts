import { isMlopsError } from '@mlops/plugin-api';

/** The exit codes of the `mlops` command, which scripts can rely on (cli/README.md lists them). */
export const ExitCode = {
  ok: 0,
  error: 1,
  /** A bad command line, or a value the server rejected as invalid (400). */
  usage: 2,
  notFound: 3,
  /** Already exists, a concurrent change, or a state that refuses the change (409). */
  conflict: 4,
  /** The server did not answer, or answered 503 / 429 after the retries. */
  unavailable: 5,
} as const;

/** The exit code for an error a remote command failed with. */
export function exitCodeOf(err: unknown): number {
  if (!isMlopsError(err)) return ExitCode.error;
  switch (err.category) {
    case 'NotFound':
      return ExitCode.notFound;
    case 'AlreadyExists':
    case 'Conflict':
    case 'FailedPrecondition':
      return ExitCode.conflict;
    case 'Unavailable':
      return ExitCode.unavailable;
    case 'InvalidArgument':
      return ExitCode.usage;
    default:
      return ExitCode.error;
  }
}
