import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { InvalidArgumentError } from '@mlops/plugin-api';
import { TransportError } from './TransportError.js';

/** The 413 error for a body past `limit` bytes. */
export function bodyTooLarge(limit: number): TransportError {
  return new TransportError('PayloadTooLarge', `body is larger than the limit of ${limit} bytes`, {
    field: 'body',
    reason: 'too_large',
    limit,
  });
}

/** Fails fast with 413 when `Content-Length` already says the body is too large. */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
}

/**
 * False when the request has no body: HTTP/1.1 gives a request one only through Content-Length
 * or Transfer-Encoding (RFC 9112, 6.3), so a GET without them needs no listeners and no waiting.
 */
export function declaresBody(req: IncomingMessage): boolean {
  const { headers } = req;
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Reads a JSON body of at most `limit` bytes, whatever the Content-Type (clients such as curl
 * label JSON as a form). Undefined for an empty body.
 * @throws TransportError PayloadTooLarge past the limit; InvalidArgumentError for malformed JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!declaresBody(req)) return undefined;
  checkDeclaredLength(req, limit);
  const body = await collect(req, limit);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new InvalidArgumentError(`body is not valid JSON: ${(err as Error).message}`, {
      field: 'body',
      reason: 'malformed_json',
    });
  }
}

// Listeners rather than `for await`, which would destroy the request (and its socket) on the
// limit, leaving no way to answer 413.
function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', done);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done(bodyTooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = () => done();
    req.on('data', onData).on('end', onEnd).on('error', done);
  });
}

/** A pass-through of the request body that errors with 413 past `limit` bytes. */
export function limitRawBody(req: IncomingMessage, limit: number | undefined): Transform | IncomingMessage {
  if (limit === undefined) return req;
  checkDeclaredLength(req, limit);
  let size = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      size += chunk.length;
      if (size > limit) done(bodyTooLarge(limit));
      else done(null, chunk);
    },
  });
  req.on('error', (err) => limited.destroy(err));
  return req.pipe(limited);
}
