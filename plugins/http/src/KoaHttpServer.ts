import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Auth,
  type HttpServer,
  type Lifecycle,
  type Logger,
  type Metrics,
  type Scope,
  UnavailableError,
} from '@mlops/plugin-api';
import Koa, { type Middleware } from 'koa';
import {
  type BuiltInDeps,
  docsPath,
  documentationRoutes,
  openApiPath,
  probeRoutes,
} from './builtInRoutes.js';
import { Cors } from './Cors.js';
import type { DocsAssets } from './docsAssets.js';
import { HttpMetrics } from './HttpMetrics.js';
import { InFlightRequests } from './InFlightRequests.js';
import { type OpenApiDocument, openApiDocument } from './openApiDocument.js';
import type { HttpOptions } from './options.js';
import { RateLimits } from './RateLimits.js';
import { RequestAuth } from './RequestAuth.js';
import { type PipelineDeps, RequestPipeline } from './RequestPipeline.js';
import { RouteTable } from './RouteTable.js';

/** What the server is built from, all known at the http plugin's setup. */
export interface KoaHttpServerDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly scope: Scope;
  readonly lifecycle: Lifecycle;
  /** Looks up the optional `Auth` provider; called after every plugin's setup. */
  readonly auth: () => Auth | undefined;
  readonly docs: DocsAssets;
  /** Title and version of the OpenAPI document. */
  readonly title: string;
  readonly version: string;
}

/**
 * The HTTP server: a route table filled during setup, served from `start` by a koa app that
 * listens itself, or by `middleware` mounted in an application's own koa app. `shutdown` drains.
 */
export class KoaHttpServer implements HttpServer {
  readonly openApiPath = openApiPath;
  readonly docsPath = docsPath;
  /** The `HttpRoutes` port. */
  readonly routes = new RouteTable();
  /** Koa middleware for an existing app; requests for no route of ours go on to the app's next one. */
  readonly middleware: Middleware;
  private readonly listener: RequestPipeline;
  private readonly requestAuth: RequestAuth;
  private readonly inFlight = new InFlightRequests();
  private readonly state = { serving: false, draining: false };
  private server?: Server;
  private bound?: string;
  private document?: OpenApiDocument;
  private closing?: Promise<void>;

  constructor(
    private readonly options: HttpOptions,
    private readonly deps: KoaHttpServerDeps,
  ) {
    this.requestAuth = new RequestAuth(deps.auth, deps.logger);
    const shared: Omit<PipelineDeps, 'mounted'> = {
      table: this.routes,
      auth: this.requestAuth,
      limits: new RateLimits(options.rateLimit),
      metrics: new HttpMetrics(deps.metrics),
      inFlight: this.inFlight,
      cors: options.cors ? new Cors(options.cors) : undefined,
      logger: deps.logger,
      scope: deps.scope,
      state: this.state,
      bodyLimitBytes: options.bodyLimitBytes,
      accessLog: options.accessLog,
    };
    this.listener = new RequestPipeline({ ...shared, mounted: false });
    this.middleware = new RequestPipeline({ ...shared, mounted: true }).handle;
    const builtIn: BuiltInDeps = {
      lifecycle: deps.lifecycle,
      state: this.state,
      metrics: deps.metrics,
      metricsPermission: options.metricsPermission,
      openApi: () => this.openApi(),
      docs: deps.docs,
    };
    this.routes.addBuiltIn(probeRoutes(builtIn), { rateLimited: false });
    this.routes.addBuiltIn(documentationRoutes(builtIn), { rateLimited: true });
  }

  get url(): string | undefined {
    return this.bound;
  }

  /** The OpenAPI document of every route, built once the table is frozen. */
  openApi(): OpenApiDocument {
    this.document ??= openApiDocument(this.routes.compiled(), {
      title: this.deps.title,
      version: this.deps.version,
      secured: this.requestAuth.auth !== undefined,
    });
    return this.document;
  }

  /**
   * Freezes the routes and starts serving; listens on host:port unless `listen` is false.
   * @throws UnavailableError when the address cannot be bound (in use, not local).
   */
  async start(): Promise<void> {
    this.routes.freeze();
    this.state.serving = true;
    if (this.options.listen) await this.listen();
  }

  /**
   * Drains: `/readyz` answers 503 (for `shutdownDelayMs`), the listener closes, in-flight requests
   * get `shutdownTimeoutMs` to finish, then every remaining connection is closed. Idempotent.
   */
  shutdown(): Promise<void> {
    this.closing ??= this.drain();
    return this.closing;
  }

  private async listen(): Promise<void> {
    const { host, port, trustProxy } = this.options;
    const app = new Koa({ proxy: trustProxy });
    app.on('error', (err: Error) => this.deps.logger.warn({ err }, `HTTP connection error: ${err.message}`));
    app.use(this.listener.handle);
    const server = createServer(
      { headersTimeout: this.options.headersTimeoutMs, requestTimeout: this.options.requestTimeoutMs },
      app.callback(),
    );
    server.keepAliveTimeout = this.options.keepAliveTimeoutMs;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          new UnavailableError(
            `cannot listen on ${host}:${port}: ${err.message}`,
            { field: 'port', reason: err.code },
            { cause: err },
          ),
        );
      });
      server.listen({ host, port }, () => resolve());
    });
    server.on('error', (err) => this.deps.logger.error({ err }, `HTTP server error: ${err.message}`));
    this.server = server;
    this.bound = urlOf(server.address() as AddressInfo);
    this.deps.logger.info({ url: this.bound }, `listening on ${this.bound}`);
  }

  private async drain(): Promise<void> {
    const { shutdownDelayMs, shutdownTimeoutMs } = this.options;
    this.state.draining = true;
    if (shutdownDelayMs > 0) await sleep(shutdownDelayMs);
    const server = this.server;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeIdleConnections();
    if (!(await this.inFlight.drained(shutdownTimeoutMs))) {
      const left = this.inFlight.size;
      this.deps.logger.warn(
        { inFlight: left, shutdownTimeoutMs },
        `closing the connections of ${left} requests still running after ${shutdownTimeoutMs} ms`,
      );
      this.inFlight.destroyConnections();
    }
    server?.closeAllConnections();
    await closed;
    this.state.serving = false;
    if (server) {
      this.deps.logger.info({ url: this.bound }, `stopped listening on ${this.bound}`);
      this.bound = undefined;
      this.server = undefined;
    }
  }
}

function urlOf(address: AddressInfo): string {
  const unspecified = address.address === '0.0.0.0' || address.address === '::';
  const host = unspecified
    ? 'localhost'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return `http://${host}:${address.port}`;
}
