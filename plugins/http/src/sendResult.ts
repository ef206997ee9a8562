import { Readable } from 'node:stream';
import type { HttpResponse } from '@mlops/plugin-api';
import type { Context } from 'koa';

const responseKeys = new Set(['status', 'headers', 'body']);

/** What koa's `ctx.type = 'application/json'` sets, without its MIME lookup on every answer. */
export const jsonContentType = 'application/json; charset=utf-8';

/**
 * True when a handler's result is an `HttpResponse`: a plain object whose only keys are `status`,
 * `headers` and `body`, with a numeric status if any. Anything else is data.
 */
export function isHttpResponse(value: unknown): value is HttpResponse {
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => responseKeys.has(k))) return false;
  const { status, headers } = value as HttpResponse;
  return (
    (status === undefined || Number.isInteger(status)) &&
    (headers === undefined || (typeof headers === 'object' && headers !== null))
  );
}

/** Writes a handler's result to the koa context (see HttpResponse for the rules). */
export function sendResult(ctx: Context, result: unknown): void {
  const response: HttpResponse = isHttpResponse(result) ? result : { body: result };
  const { body } = response;
  ctx.status = response.status ?? (body === undefined ? 204 : 200);
  let typed = false;
  if (response.headers !== undefined) {
    for (const [name, value] of Object.entries(response.headers)) {
      ctx.set(name, value);
      if (name.toLowerCase() === 'content-type') typed = true;
    }
  }
  if (body === undefined || body === null) {
    // koa turns a null body into a 204; a 201 or 202 without a body stays what the handler chose.
    if (ctx.status === 204 || ctx.status === 304) ctx.body = null;
    else {
      ctx.body = '';
      if (!typed) ctx.remove('Content-Type');
    }
  } else if (Buffer.isBuffer(body) || body instanceof Uint8Array || body instanceof Readable) {
    if (!typed) ctx.type = 'application/octet-stream';
    ctx.body = body instanceof Uint8Array && !Buffer.isBuffer(body) ? Buffer.from(body) : body;
  } else if (typeof body === 'string' && typed) {
    ctx.body = body;
  } else {
    if (!typed) ctx.set('Content-Type', jsonContentType);
    ctx.body = JSON.stringify(body);
  }
}
