import {
  ConflictError,
  type ErrorCategory,
  type ErrorDetails,
  errorClasses,
  InternalError,
  InvalidArgumentError,
  type MlopsError,
  type MlopsErrorClass,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
  UnavailableError,
} from '@mlops/plugin-api';
import { ApiResponseError } from './ApiResponseError.js';

/** `NotFound` -> `NOT_FOUND`: the native `error_code` of a category. */
const codeOf = (category: string) => category.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase();

/** The taxonomy class of each native `error_code` (plugins/http `errorAnswers.ts`). */
const byCode: Readonly<Record<string, MlopsErrorClass>> = {
  ...Object.fromEntries(
    Object.entries(errorClasses).map(([category, errorClass]) => [
      codeOf(category as ErrorCategory),
      errorClass,
    ]),
  ),
  PAYLOAD_TOO_LARGE: InvalidArgumentError,
  RATE_LIMITED: UnavailableError,
  METHOD_NOT_ALLOWED: InvalidArgumentError,
  RANGE_NOT_SATISFIABLE: InvalidArgumentError,
};

/** The class of an answer without a known `error_code` (a proxy's page, say), by status. */
function byStatus(status: number): MlopsErrorClass {
  if (status === 401) return UnauthenticatedError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409 || status === 412) return ConflictError;
  if (status === 429 || status === 502 || status === 503 || status === 504) return UnavailableError;
  return status >= 500 ? InternalError : InvalidArgumentError;
}

export interface ErrorBody {
  readonly error_code?: unknown;
  readonly message?: unknown;
  readonly details?: unknown;
}

/** The parsed error body of an answer whose text was read; `{}` when it is not one. */
export function parseErrorBody(text: string): ErrorBody {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * The taxonomy error of an error answer: the class from its `error_code` (else its status), the
 * server's message and details, and an {@link ApiResponseError} as its `cause`. `text`: the
 * body, when it was read already.
 */
export async function toClientError(
  method: string,
  url: string,
  response: Response,
  text?: string,
): Promise<MlopsError> {
  const body = parseErrorBody(text ?? (await response.text().catch(() => '')));
  const code = typeof body.error_code === 'string' ? body.error_code : undefined;
  const ErrorOf = (code === undefined ? undefined : byCode[code]) ?? byStatus(response.status);
  const message =
    typeof body.message === 'string'
      ? body.message
      : `${method} ${url} answered ${response.status} ${response.statusText}`.trimEnd();
  const details =
    typeof body.details === 'object' && body.details !== null && !Array.isArray(body.details)
      ? (body.details as ErrorDetails)
      : {};
  const cause = new ApiResponseError(
    method,
    url,
    response.status,
    code ?? `HTTP_${response.status}`,
    response.headers.get('x-request-id') ?? undefined,
  );
  return new ErrorOf(message, details, { cause });
}
