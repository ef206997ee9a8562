/** The categories of every error a plugin or the kernel throws on purpose. */
export type ErrorCategory =
  | 'NotFound'
  | 'AlreadyExists'
  | 'InvalidArgument'
  | 'PermissionDenied'
  | 'Unauthenticated'
  | 'FailedPrecondition'
  | 'Conflict'
  | 'Unavailable'
  | 'DataLoss'
  | 'Internal';

/** Where an error points: the offending field and a short machine-readable reason. */
export interface ErrorDetails {
  /** The input field at fault, as a path (`experiment_id`, `/options/port`). */
  field?: string;
  /** A short reason code, e.g. `too_long`. */
  reason?: string;
  [extra: string]: unknown;
}

/** Base class of the taxonomy. Transport layers map `category` to a status code. */
export abstract class MlopsError extends Error {
  abstract readonly category: ErrorCategory;
  readonly details: ErrorDetails;
  /** A stable code for kernel and config errors (see docs/errors.md); undefined for domain errors. */
  readonly code: string | undefined;

  constructor(message: string, details: ErrorDetails = {}, options: { cause?: unknown; code?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = details;
    this.code = options.code;
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends MlopsError {
  readonly category = 'NotFound' as const;
}
/** A thing with that identity exists already. */
export class AlreadyExistsError extends MlopsError {
  readonly category = 'AlreadyExists' as const;
}
/** The input is malformed or out of range; `details.field` names it. */
export class InvalidArgumentError extends MlopsError {
  readonly category = 'InvalidArgument' as const;
}
/** The caller is known but may not do this. */
export class PermissionDeniedError extends MlopsError {
  readonly category = 'PermissionDenied' as const;
}
/** The caller could not be identified. */
export class UnauthenticatedError extends MlopsError {
  readonly category = 'Unauthenticated' as const;
}
/** The system is not in a state that allows this (a vetoed promotion, a deleted parent). */
export class FailedPreconditionError extends MlopsError {
  readonly category = 'FailedPrecondition' as const;
}
/** A concurrent change won (a stale ETag, a lost race). Retrying with fresh data may succeed. */
export class ConflictError extends MlopsError {
  readonly category = 'Conflict' as const;
}
/** A dependency (database, bucket, directory) did not answer. Retrying later may succeed. */
export class UnavailableError extends MlopsError {
  readonly category = 'Unavailable' as const;
}
/** Stored data is corrupt: a checksum mismatch, a truncated object. Never served silently. */
export class DataLossError extends MlopsError {
  readonly category = 'DataLoss' as const;
}
/** A bug or an unexpected failure. */
export class InternalError extends MlopsError {
  readonly category = 'Internal' as const;
}

/** True when `value` is an error of the taxonomy, optionally of one category. */
export function isMlopsError(value: unknown, category?: ErrorCategory): value is MlopsError {
  return value instanceof MlopsError && (category === undefined || value.category === category);
}

/** A class of the taxonomy, as its constructor. */
export type MlopsErrorClass = new (
  message: string,
  details?: ErrorDetails,
  options?: { cause?: unknown; code?: string },
) => MlopsError;

/** The class of each category: to rebuild an error that crossed a thread or the network as data. */
export const errorClasses: Readonly<Record<ErrorCategory, MlopsErrorClass>> = {
  NotFound: NotFoundError,
  AlreadyExists: AlreadyExistsError,
  InvalidArgument: InvalidArgumentError,
  PermissionDenied: PermissionDeniedError,
  Unauthenticated: UnauthenticatedError,
  FailedPrecondition: FailedPreconditionError,
  Conflict: ConflictError,
  Unavailable: UnavailableError,
  DataLoss: DataLossError,
  Internal: InternalError,
};
