import {
  type Lifecycle,
  type Metrics,
  NotFoundError,
  type RouteDefinition,
  type RoutePermission,
  UnavailableError,
} from '@mlops/plugin-api';
import type { DocsAssets } from './docsAssets.js';
import type { OpenApiDocument } from './openApiDocument.js';
import type { ServingState } from './RequestPipeline.js';

/** Paths of the OpenAPI document and of the docs page. */
export const openApiPath = '/api/openapi.json';
export const docsPath = '/api/docs';

/** What the platform's own routes read. */
export interface BuiltInDeps {
  readonly lifecycle: Lifecycle;
  readonly state: ServingState;
  readonly metrics: Metrics;
  readonly metricsPermission: RoutePermission;
  readonly openApi: () => OpenApiDocument;
  readonly docs: DocsAssets;
}

const statusSchema = { 200: { type: 'object', properties: { status: { type: 'string' } } } };
const tags = ['platform'];

/** `/healthz` and `/readyz`: never rate limited, so a busy server is not restarted by its probes. */
export function probeRoutes(deps: BuiltInDeps): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      summary: 'Liveness: 200 while the process runs',
      tags,
      operationId: 'getHealth',
      permission: 'public',
      schema: { response: statusSchema },
      handler: async () => ({ status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/readyz',
      summary: 'Readiness: 200 once every plugin has started, 503 before and while shutting down',
      tags,
      operationId: 'getReadiness',
      permission: 'public',
      schema: { response: statusSchema },
      handler: async () => {
        const kernel = deps.lifecycle.state;
        if (deps.state.draining || kernel === 'stopping' || kernel === 'stopped') {
          throw new UnavailableError('not ready: the platform is shutting down', { reason: 'stopping' });
        }
        if (kernel !== 'started') {
          throw new UnavailableError(`not ready: the platform is ${kernel}`, { reason: 'starting' });
        }
        return { status: 'ready' };
      },
    },
  ];
}

/** `/metrics`, the OpenAPI document and the docs page. */
export function documentationRoutes(deps: BuiltInDeps): RouteDefinition[] {
  const text = (contentType: string, body: string) => ({ headers: { 'Content-Type': contentType }, body });
  return [
    {
      method: 'GET',
      path: '/metrics',
      summary: 'Prometheus metrics: requests by route, latencies, process and kernel metrics',
      tags,
      operationId: 'getMetrics',
      permission: deps.metricsPermission,
      handler: async () => text(deps.metrics.registry.contentType, await deps.metrics.registry.metrics()),
    },
    {
      method: 'GET',
      path: openApiPath,
      summary: 'This API as an OpenAPI 3.1 document',
      tags,
      operationId: 'getOpenApiDocument',
      permission: 'public',
      handler: async () => deps.openApi(),
    },
    {
      method: 'GET',
      path: docsPath,
      summary: 'Browsable API documentation (HTML)',
      tags,
      operationId: 'getDocsPage',
      permission: 'public',
      handler: async () => text('text/html; charset=utf-8', deps.docs.html),
    },
    {
      method: 'GET',
      path: `${docsPath}/:asset`,
      summary: 'A script or stylesheet of the docs page',
      tags,
      operationId: 'getDocsAsset',
      permission: 'public',
      schema: { params: { type: 'object', properties: { asset: { type: 'string' } } } },
      handler: async ({ params }) => {
        const asset = params.asset;
        if (asset === 'docs.js') return text('text/javascript; charset=utf-8', deps.docs['docs.js']);
        if (asset === 'docs.css') return text('text/css; charset=utf-8', deps.docs['docs.css']);
        throw new NotFoundError(`the docs page has no asset "${asset}"`, { field: 'params/asset' });
      },
    },
  ];
}
