import { FailedPreconditionError, HttpServer, type Scope } from '@mlops/plugin-api';
import type { Middleware } from 'koa';
import { KoaHttpServer } from './KoaHttpServer.js';

/**
 * Koa middleware that serves a kernel's routes inside an existing koa app (with
 * `httpPlugin({ listen: false })`). Requests for no route of the kernel go on to the app's next
 * middleware. Mount it before any body parser: it reads request bodies itself. It answers 503
 * until the kernel has started.
 * @throws FailedPreconditionError when the kernel has not been set up with `@mlops/plugin-http`.
 * @example
 * const kernel = createKernel({ plugins: [httpPlugin({ listen: false }), trackingPlugin()] });
 * await kernel.start();
 * app.use(httpMiddleware(kernel));
 */
export function httpMiddleware(kernel: Pick<Scope, 'find'>): Middleware {
  const server = kernel.find(HttpServer);
  if (!(server instanceof KoaHttpServer)) {
    throw new FailedPreconditionError(
      'httpMiddleware needs a kernel set up with @mlops/plugin-http (call kernel.setup() or kernel.start() first)',
      { reason: 'no_http_plugin' },
    );
  }
  return server.middleware;
}
