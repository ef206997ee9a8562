import type { HttpRequest, JsonSchema } from '@mlops/plugin-api';
import { attachmentDisposition, guessContentType } from './guessContentType.js';
import { nativeSchemas as s } from './nativeSchemas.js';

/** The headers of an artifact download: its guessed type, as an attachment, never sniffed. */
export function downloadHeaders(path: string): Record<string, string> {
  return {
    'Content-Type': guessContentType(path),
    'Content-Disposition': attachmentDisposition(path),
    'X-Content-Type-Options': 'nosniff',
  };
}

/** An artifact path as a URL path: each segment percent-encoded, the `/` kept. */
export function encodeArtifactPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The query and answer of a native directory listing (`?path=`, `{ files }`). */
export const artifactListSchemas = {
  query: { type: 'object', additionalProperties: false, properties: { path: { type: 'string' } } },
  response: { 200: { type: 'object', properties: { files: { type: 'array', items: s.artifactOut } } } },
} as const satisfies { query: JsonSchema; response: Record<number, JsonSchema> };

/** The directory a native listing asks for: `?path=`, the root when absent or empty. */
export function listedPath(request: HttpRequest): string | undefined {
  const path = request.query.path;
  return typeof path === 'string' && path !== '' ? path : undefined;
}
