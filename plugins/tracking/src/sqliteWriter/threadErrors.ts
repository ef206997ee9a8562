import { type ErrorCategory, type ErrorDetails, errorClasses, isMlopsError } from '@mlops/plugin-api';

/** An error as it crosses from a worker thread: plain data that keeps its class and fields. */
export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly category?: ErrorCategory;
  readonly details?: ErrorDetails;
  /** The taxonomy's code, or a driver's (`SQLITE_BUSY`). */
  readonly code?: string;
}

/** `err` as plain data for `postMessage`. */
export function toThreadError(err: unknown): ThreadError {
  if (isMlopsError(err)) {
    const { name, message, category, details, code } = err;
    return code === undefined
      ? { name, message, category, details }
      : { name, message, category, details, code };
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string'
      ? { name: err.name, message: err.message, code }
      : { name: err.name, message: err.message };
  }
  return { name: 'Error', message: String(err) };
}

/** The error `toThreadError` described, of the same class for the taxonomy's errors. */
export function fromThreadError(e: ThreadError): Error {
  if (e.category !== undefined) {
    return new errorClasses[e.category](
      e.message,
      e.details ?? {},
      e.code === undefined ? {} : { code: e.code },
    );
  }
  const err = new Error(e.message) as Error & { code?: string };
  err.name = e.name;
  if (e.code !== undefined) err.code = e.code;
  return err;
}
