import type { ErrorCategory } from '@mlops/plugin-api';
import { isMlopsError } from '@mlops/plugin-api';
import type Koa from 'koa';

const statusOf: Record<ErrorCategory, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  InvalidArgument: 400,
  PermissionDenied: 403,
  Unauthenticated: 401,
  FailedPrecondition: 412,
  Conflict: 409,
  Unavailable: 503,
  DataLoss: 500,
  Internal: 500,
};

/** Turns the platform's typed errors into HTTP answers for the app's own routes. */
export async function errorStatus(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  try {
    await next();
  } catch (err) {
    if (!isMlopsError(err)) throw err;
    ctx.status = statusOf[err.category];
    ctx.body = { error: err.category, message: err.message, field: err.details.field };
  }
}
