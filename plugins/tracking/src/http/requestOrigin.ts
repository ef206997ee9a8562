import type { HttpRequest } from '@mlops/plugin-api';

function first(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0]?.trim() || undefined;
}

/**
 * The scheme and host a client reached the server at (`http://host:port`), as given by a proxy's
 * `X-Forwarded-Proto` / `X-Forwarded-Host` or else the `Host` header: where URLs handed back to
 * the client must point.
 */
export function requestOrigin(request: HttpRequest): string {
  const proto = first(request.headers['x-forwarded-proto']) ?? 'http';
  const host = first(request.headers['x-forwarded-host']) ?? first(request.headers.host) ?? '127.0.0.1';
  return `${proto}://${host}`;
}
