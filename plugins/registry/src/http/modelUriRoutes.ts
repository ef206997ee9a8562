import type { HttpRequest, Registry, RouteDefinition } from '@mlops/plugin-api';
import { nativeRoute } from './nativeRoute.js';
import { nativeVersionSchema } from './nativeSchemas.js';
import { nativeVersionPath } from './toNativeVersion.js';
import { versionAnswer } from './versionAnswer.js';

/** The model a `models:/` URI names (names hold no `/` or `@`), for the permission check. */
function uriModel(request: HttpRequest): string | undefined {
  const uri = request.query.uri;
  if (typeof uri !== 'string' || !uri.startsWith('models:/')) return undefined;
  return /^[^/@]+/.exec(uri.slice('models:/'.length))?.[0];
}

/**
 * `GET /api/v1/model-uris/resolve?uri=models:/churn@champion`: the version a model URI names
 * (`/<version>`, `/<stage>`, `/latest`, `@<alias>`), with its `ETag` and, as `Content-Location`,
 * its own path.
 */
export function modelUriRoutes(registry: Registry): RouteDefinition[] {
  return [
    nativeRoute({
      method: 'GET',
      path: '/api/v1/model-uris/resolve',
      summary: 'Resolve a models:/ URI (version, stage, latest or @alias) to a version',
      permission: { action: 'READ', resource: 'registeredModel', resourceId: uriModel },
      schema: {
        query: {
          type: 'object',
          properties: { uri: { type: 'string', minLength: 1, maxLength: 600 } },
          required: ['uri'],
        },
        response: { 200: nativeVersionSchema },
      },
      async handler({ query, call }) {
        const version = await registry.resolveModelUri(query.uri as string, call);
        const answer = versionAnswer(version);
        return {
          ...answer,
          headers: {
            ...answer.headers,
            'Content-Location': nativeVersionPath(version.model, version.version),
          },
        };
      },
    }),
  ];
}
