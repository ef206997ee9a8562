import { MlopsError, UnavailableError } from '@mlops/plugin-api';

/**
 * The error to throw for a failure while `action` ran: errors of the taxonomy and of the caller's
 * body pass unchanged; a system error of the disk (ENOSPC, EACCES, EIO...) becomes an
 * UnavailableError that keeps it as its cause.
 */
export function storageFailure(err: unknown, action: string): unknown {
  if (err instanceof MlopsError) return err;
  const { code, syscall } = (err ?? {}) as { code?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || typeof syscall !== 'string') return err;
  return new UnavailableError(
    `storage-fs could not ${action}: ${(err as Error).message}`,
    { reason: code },
    { cause: err },
  );
}
