import { ApiResponseError } from '@mlops/client';
import { isMlopsError } from '@mlops/plugin-api';

/**
 * The `error_code` of a failure: the server's own when it answered with one, else the native
 * API's code for the error's category (`NotFound` is `NOT_FOUND`), else `ERROR`.
 */
export function errorCodeOf(err: unknown): string {
  if (err instanceof Error && err.cause instanceof ApiResponseError) return err.cause.errorCode;
  if (isMlopsError(err)) return err.category.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase();
  return 'ERROR';
}
