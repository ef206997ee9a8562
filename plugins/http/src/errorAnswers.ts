import type { ErrorCategory, ErrorStyle } from '@mlops/plugin-api';

/** Failures the HTTP layer answers itself, beside the error taxonomy's categories. */
export type TransportFailure = 'PayloadTooLarge' | 'TooManyRequests' | 'MethodNotAllowed' | 'RouteNotFound';

/** Every failure an answer exists for. */
export type HttpFailure = ErrorCategory | TransportFailure;

/** The status and `error_code` of an error answer. */
export interface ErrorAnswer {
  readonly status: number;
  readonly code: string;
}

/**
 * The platform's own codes. FailedPrecondition is 409 (the request clashes with the state of a
 * resource: a vetoed promotion, a deleted parent); 412 stays with HTTP conditional requests and
 * 400 with malformed input.
 */
const native: Record<HttpFailure, ErrorAnswer> = {
  NotFound: { status: 404, code: 'NOT_FOUND' },
  AlreadyExists: { status: 409, code: 'ALREADY_EXISTS' },
  InvalidArgument: { status: 400, code: 'INVALID_ARGUMENT' },
  PermissionDenied: { status: 403, code: 'PERMISSION_DENIED' },
  Unauthenticated: { status: 401, code: 'UNAUTHENTICATED' },
  FailedPrecondition: { status: 409, code: 'FAILED_PRECONDITION' },
  Conflict: { status: 409, code: 'CONFLICT' },
  Unavailable: { status: 503, code: 'UNAVAILABLE' },
  DataLoss: { status: 500, code: 'DATA_LOSS' },
  Internal: { status: 500, code: 'INTERNAL' },
  PayloadTooLarge: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  TooManyRequests: { status: 429, code: 'RATE_LIMITED' },
  MethodNotAllowed: { status: 405, code: 'METHOD_NOT_ALLOWED' },
  RouteNotFound: { status: 404, code: 'NOT_FOUND' },
};

/**
 * MLflow's codes and statuses (`mlflow/exceptions.py` ERROR_CODE_TO_HTTP_STATUS), quirks
 * included: RESOURCE_ALREADY_EXISTS is 400. FailedPrecondition is INVALID_PARAMETER_VALUE 400, as
 * MLflow answers an inactive run or experiment: its INVALID_STATE is a 500, which clients retry.
 */
const mlflow: Record<HttpFailure, ErrorAnswer> = {
  NotFound: { status: 404, code: 'RESOURCE_DOES_NOT_EXIST' },
  AlreadyExists: { status: 400, code: 'RESOURCE_ALREADY_EXISTS' },
  InvalidArgument: { status: 400, code: 'INVALID_PARAMETER_VALUE' },
  PermissionDenied: { status: 403, code: 'PERMISSION_DENIED' },
  Unauthenticated: { status: 401, code: 'UNAUTHENTICATED' },
  FailedPrecondition: { status: 400, code: 'INVALID_PARAMETER_VALUE' },
  Conflict: { status: 409, code: 'RESOURCE_CONFLICT' },
  Unavailable: { status: 503, code: 'TEMPORARILY_UNAVAILABLE' },
  DataLoss: { status: 500, code: 'DATA_LOSS' },
  Internal: { status: 500, code: 'INTERNAL_ERROR' },
  PayloadTooLarge: { status: 413, code: 'INVALID_PARAMETER_VALUE' },
  TooManyRequests: { status: 429, code: 'REQUEST_LIMIT_EXCEEDED' },
  MethodNotAllowed: { status: 405, code: 'ENDPOINT_NOT_FOUND' },
  RouteNotFound: { status: 404, code: 'ENDPOINT_NOT_FOUND' },
};

/** The answer tables by error style; a missing entry fails to compile. */
export const errorAnswers: Record<ErrorStyle, Record<HttpFailure, ErrorAnswer>> = { native, mlflow };
