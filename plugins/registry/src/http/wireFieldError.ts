import { type ErrorDetails, isMlopsError, type MlopsError } from '@mlops/plugin-api';

/**
 * The request field, as the HTTP APIs spell it (snake_case, or a header), of each field name the
 * Registry port reports in `details.field` (camelCase, as its TypeScript inputs).
 */
export const wireFieldNames: Readonly<Record<string, string>> = {
  model: 'name',
  newName: 'new_name',
  runId: 'run_id',
  runLink: 'run_link',
  loggedModelId: 'model_id',
  statusMessage: 'status_message',
  pageToken: 'page_token',
  maxResults: 'max_results',
  orderBy: 'order_by',
  viewType: 'view_type',
  archiveExistingVersions: 'archive_existing_versions',
  aliasOrStage: 'target',
  expectedRevision: 'If-Match',
};

type ErrorClass = new (message: string, details: ErrorDetails, options: { cause?: unknown }) => MlopsError;

/**
 * `err` with `details.field` (and the message, when it starts with the field) renamed from the
 * port's name to the one the caller sent (`pageToken` → `page_token`), so a 4xx names the field
 * of the request. Other errors come back unchanged.
 */
export function wireFieldError(
  err: unknown,
  names: Readonly<Record<string, string>> = wireFieldNames,
): unknown {
  if (!isMlopsError(err) || typeof err.details.field !== 'string') return err;
  const field = err.details.field;
  const base = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  const wire = names[base];
  if (wire === undefined) return err;
  const message =
    /^[A-Za-z]+/.exec(err.message)?.[0] === base ? wire + err.message.slice(base.length) : err.message;
  const Class = err.constructor as ErrorClass;
  return new Class(message, { ...err.details, field: wire + field.slice(base.length) }, { cause: err });
}
