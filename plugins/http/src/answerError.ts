import { type ErrorDetails, type ErrorStyle, isMlopsError } from '@mlops/plugin-api';
import { type ErrorAnswer, errorAnswers } from './errorAnswers.js';
import { findTransportError } from './TransportError.js';

/** The body of every error answer. */
export interface ErrorBody {
  readonly error_code: string;
  readonly message: string;
  readonly details: ErrorDetails;
}

/** An error turned into an HTTP answer. */
export interface ErrorReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: ErrorBody;
  /** True for a bug or an unexpected failure: log it with the request id and the error. */
  readonly unexpected: boolean;
}

/**
 * Maps an error to the answer of `style`. Taxonomy errors keep their message and details; an
 * Internal error or anything outside the taxonomy becomes a generic 500 naming only the request
 * id, so no internals leak.
 */
export function answerError(err: unknown, style: ErrorStyle, requestId: string): ErrorReply {
  const table = errorAnswers[style];
  const transport = findTransportError(err);
  if (transport !== undefined) {
    return reply(table[transport.failure], transport.message, transport.details, transport.headers, false);
  }
  if (isMlopsError(err) && err.category !== 'Internal') {
    const headers: Record<string, string> =
      err.category === 'Unauthenticated' ? { 'WWW-Authenticate': 'Bearer realm="mlops"' } : {};
    return reply(table[err.category], err.message, err.details, headers, err.category === 'DataLoss');
  }
  const generic = `internal error; quote request id ${requestId} when reporting it`;
  return reply(table.Internal, generic, {}, {}, true);
}

function reply(
  answer: ErrorAnswer,
  message: string,
  details: ErrorDetails,
  headers: Record<string, string>,
  unexpected: boolean,
): ErrorReply {
  return {
    status: answer.status,
    headers,
    body: { error_code: answer.code, message, details },
    unexpected,
  };
}
