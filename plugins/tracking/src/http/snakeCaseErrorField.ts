import { type ErrorDetails, isMlopsError, type MlopsError } from '@mlops/plugin-api';

type ErrorClass = new (
  message: string,
  details: ErrorDetails,
  options: { cause?: unknown; code?: string },
) => MlopsError;

/**
 * The Tracking port names fields as its TypeScript API does (`runId`, `orderBy[0]`); on the wire
 * they are `run_id` and `order_by[0]`. Returns `err` with `details.field` renamed so, keeping its
 * class and message; anything else is returned as is.
 */
export function snakeCaseErrorField(err: unknown): unknown {
  if (!isMlopsError(err) || typeof err.details.field !== 'string') return err;
  const field = err.details.field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (field === err.details.field) return err;
  const Renamed = err.constructor as ErrorClass;
  const renamed = new Renamed(
    err.message,
    { ...err.details, field },
    { cause: err.cause, ...(err.code === undefined ? {} : { code: err.code }) },
  );
  renamed.stack = err.stack;
  return renamed;
}
