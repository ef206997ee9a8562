import type { ErrorDetails } from '@mlops/plugin-api';
import type { TransportFailure } from './errorAnswers.js';

/**
 * A failure the HTTP layer itself detects (a body too large, a rate limit, no such route), with the
 * headers its answer needs (`Retry-After`, `Allow`). Internal to this plugin: handlers throw the
 * error taxonomy's classes.
 */
export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
    readonly details: ErrorDetails = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** The TransportError in `err` or its chain of causes (a handler may wrap a body-limit error). */
export function findTransportError(err: unknown): TransportError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof TransportError) return e;
  }
  return undefined;
}
