import {
  Auth,
  definePlugin,
  HttpRoutes,
  HttpServer,
  InvalidArgumentError,
  Lifecycle,
  type PluginContext,
} from '@mlops/plugin-api';
import { loadDocsAssets } from './docsAssets.js';
import { KoaHttpServer } from './KoaHttpServer.js';
import { type HttpOptions, httpOptionsSchema } from './options.js';

const version = '0.1.0';

/**
 * The platform's HTTP server (koa): provides `HttpRoutes`, where plugins add routes with JSON
 * Schemas and permissions during their setup, and `HttpServer`, its address. At start it serves
 * them with validation, one error body, request ids, access logs, security headers, rate limits,
 * `/healthz`, `/readyz`, `/metrics`, `/api/openapi.json` and `/api/docs`; at stop it drains.
 * @throws InvalidArgumentError (through the kernel's setup error) for inconsistent timeouts;
 * UnavailableError (through the start error) when host:port cannot be bound.
 * @example
 * export default defineConfig({
 *   plugins: [storeSqlPlugin(), httpPlugin({ host: '0.0.0.0', port: 5000 }), trackingPlugin()],
 * });
 */
export const httpPlugin = definePlugin<HttpOptions>({
  name: '@mlops/plugin-http',
  version,
  apiVersion: '^0.1.0',
  description: 'HTTP server: routes with schemas and permissions, OpenAPI docs, probes and metrics',
  provides: [HttpRoutes, HttpServer],
  requires: [Lifecycle],
  late: [Auth],
  configSchema: httpOptionsSchema,
  async setup(ctx) {
    const { headersTimeoutMs, requestTimeoutMs } = ctx.options;
    if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs) {
      throw new InvalidArgumentError(
        `headersTimeoutMs (${headersTimeoutMs}) must not be larger than requestTimeoutMs (${requestTimeoutMs})`,
        { field: 'headersTimeoutMs' },
      );
    }
    const server = new KoaHttpServer(ctx.options, {
      logger: ctx.logger,
      metrics: ctx.metrics,
      scope: ctx.scope,
      lifecycle: ctx.get(Lifecycle),
      auth: () => ctx.find(Auth),
      docs: await loadDocsAssets(),
      title: 'mlops platform API',
      version,
    });
    ctx.provide(HttpRoutes, server.routes);
    ctx.provide(HttpServer, server);
    // Drain before any plugin stops, while the plugins behind the routes still answer.
    ctx.get(Lifecycle).onStopping(() => server.shutdown());
    ctx.onClose(() => server.shutdown());
  },
  async start(ctx) {
    await serverOf(ctx).start();
  },
  async stop(ctx) {
    await serverOf(ctx).shutdown();
  },
});

function serverOf(ctx: PluginContext<HttpOptions>): KoaHttpServer {
  return ctx.get(HttpServer) as KoaHttpServer;
}
