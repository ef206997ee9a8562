import { randomUUID } from 'node:crypto';
import {
  type CallContext,
  type HttpRequest,
  type Logger,
  type Principal,
  type Scope,
  UnavailableError,
} from '@mlops/plugin-api';
import type { Context, Next } from 'koa';
import { AccessLog } from './AccessLog.js';
import { answerError } from './answerError.js';
import type { Cors } from './Cors.js';
import type { HttpMetrics } from './HttpMetrics.js';
import { unmatchedRoute } from './HttpMetrics.js';
import type { InFlightRequests } from './InFlightRequests.js';
import { parseQuery } from './parseQuery.js';
import type { RateLimits } from './RateLimits.js';
import { anonymousPrincipal, type RequestAuth } from './RequestAuth.js';
import type { CompiledRoute, RouteMatch, RouteTable } from './RouteTable.js';
import { declaresBody, limitRawBody, readJsonBody } from './readBody.js';
import { securityHeaders } from './securityHeaders.js';
import { jsonContentType, sendResult } from './sendResult.js';
import { TransportError } from './TransportError.js';

/** Where the server is: serving once started, draining once a shutdown began. */
export interface ServingState {
  readonly serving: boolean;
  readonly draining: boolean;
}

/** What the pipeline works with; one per server. */
export interface PipelineDeps {
  readonly table: RouteTable;
  readonly auth: RequestAuth;
  readonly limits: RateLimits;
  readonly metrics: HttpMetrics;
  readonly inFlight: InFlightRequests;
  readonly cors: Cors | undefined;
  readonly logger: Logger;
  readonly scope: Scope;
  readonly state: ServingState;
  readonly bodyLimitBytes: number;
  readonly accessLog: boolean;
  /** Mounted in another koa app: requests for no route of ours go to the app's next middleware. */
  readonly mounted: boolean;
}

const saneRequestId = /^[\w.:/+=@-]{1,128}$/;
const securityHeaderEntries = Object.entries(securityHeaders);

/**
 * Every request of ours goes through `handle`: request id, security and CORS headers, rate limits,
 * authentication, body parsing and validation, authorisation, the handler, then one access-log
 * line and the metrics once the answer has ended. Errors become `{ error_code, message, details }`
 * in the route's error style.
 */
export class RequestPipeline {
  private readonly accessLog?: AccessLog;

  constructor(private readonly deps: PipelineDeps) {
    if (deps.accessLog) this.accessLog = new AccessLog(deps.logger);
  }

  /** The koa middleware. */
  readonly handle = async (ctx: Context, next: Next): Promise<void> => {
    const { table, state } = this.deps;
    const matched = table.match(ctx.method, ctx.path);
    const route = 'route' in matched ? matched.route : undefined;
    const allowed = 'allowed' in matched ? matched.allowed : route!.methods;
    if (this.deps.mounted && route === undefined && allowed.length === 0) return next();

    const started = performance.now();
    const { req, res } = ctx;
    const offered = req.headers['x-request-id'];
    const requestId = typeof offered === 'string' && saneRequestId.test(offered) ? offered : randomUUID();
    const ip = normaliseIp(ctx.ip);
    let principal: Principal | undefined;
    this.deps.inFlight.track(res, () => this.finish(ctx, route, requestId, ip, principal, started));
    // Straight to the response: koa's `ctx.set` builds arrays for every header it is given. Like
    // `ctx.set`, nothing is set once an application's earlier middleware has sent the headers.
    if (!res.headersSent) {
      for (const [name, value] of securityHeaderEntries) res.setHeader(name, value);
      res.setHeader('X-Request-Id', requestId);
    }
    // Clients reconnect (elsewhere) rather than reuse a connection of a server going away.
    if (state.draining) ctx.set('Connection', 'close');
    this.deps.cors?.apply(ctx, allowed);
    try {
      if (!state.serving) {
        const why = state.draining ? 'has shut down' : 'has not started yet';
        throw new UnavailableError(`the HTTP server ${why}`, {
          reason: state.draining ? 'stopped' : 'starting',
        });
      }
      if (route?.rateLimited !== false) this.deps.limits.checkIp(ip);
      if (route === undefined) return this.noRoute(ctx, allowed);
      const { auth } = this.deps;
      principal = auth.authenticates(route.definition)
        ? await auth.identify(route.definition, ctx.get('Authorization') || undefined, ip)
        : anonymousPrincipal;
      if (route.rateLimited) this.deps.limits.checkIdentity(principal);
      await this.run(ctx, route, (matched as RouteMatch).params, requestId, ip, principal);
    } catch (err) {
      this.fail(ctx, err, route, requestId);
    }
  };

  private async run(
    ctx: Context,
    route: CompiledRoute,
    rawParams: Readonly<Record<string, string>>,
    requestId: string,
    ip: string,
    principal: Principal,
  ): Promise<void> {
    const { definition, validate } = route;
    // Copies: validation coerces in place, and the matched params are shared by later requests.
    const params = { ...rawParams };
    validate.params?.(params);
    const query = parseQuery(ctx.querystring);
    validate.query?.(query);
    let body: unknown;
    let rawBody: HttpRequest['rawBody'];
    if (definition.bodyMode === 'raw') {
      rawBody = limitRawBody(ctx.req, definition.maxBodyBytes);
    } else {
      if (declaresBody(ctx.req)) {
        body = await readJsonBody(ctx.req, definition.maxBodyBytes ?? this.deps.bodyLimitBytes);
      }
      if (validate.body) {
        body ??= {};
        validate.body(body);
      }
    }
    const call: CallContext = { principal, tenant: 'default', requestId };
    const headers = ctx.headers;
    const kernelScope = this.deps.scope;
    let scope: Scope | undefined;
    // The request's child scope is made when a handler first asks for it: most never do, and a
    // child container costs a request a few allocations.
    const request: HttpRequest = {
      params,
      query,
      body,
      ...(rawBody === undefined ? {} : { rawBody }),
      headers,
      ip,
      call,
      get scope() {
        scope ??= kernelScope.createScope();
        return scope;
      },
    };
    if (this.deps.auth.authorizes(definition)) await this.deps.auth.authorize(definition, principal, request);
    sendResult(ctx, await definition.handler(request));
  }

  private noRoute(ctx: Context, allowed: readonly string[]): void {
    const list = allowed.join(', ');
    if (allowed.length === 0) {
      throw new TransportError('RouteNotFound', `no route for ${ctx.method} ${ctx.path}`, {
        reason: 'no_route',
      });
    }
    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      ctx.set('Allow', list);
      return;
    }
    throw new TransportError(
      'MethodNotAllowed',
      `${ctx.method} is not allowed on ${ctx.path}; it answers ${list}`,
      { reason: 'method_not_allowed' },
      { Allow: list },
    );
  }

  private fail(ctx: Context, err: unknown, route: CompiledRoute | undefined, requestId: string): void {
    const reply = answerError(err, route?.errorStyle ?? 'native', requestId);
    if (reply.unexpected) {
      this.deps.logger.error(
        { err, requestId, route: route?.label },
        `request ${requestId} failed: ${messageOf(err)}`,
      );
    }
    ctx.status = reply.status;
    ctx.set(reply.headers);
    // The rest of an oversized body is never read: close rather than drain it for the next request.
    if (reply.status === 413) ctx.set('Connection', 'close');
    ctx.set('Content-Type', jsonContentType);
    ctx.body = JSON.stringify(reply.body);
  }

  private finish(
    ctx: Context,
    route: CompiledRoute | undefined,
    requestId: string,
    ip: string,
    principal: Principal | undefined,
    started: number,
  ): void {
    const ms = performance.now() - started;
    const template = route?.definition.path ?? unmatchedRoute;
    const status = ctx.res.statusCode;
    this.deps.metrics.observe(ctx.method, template, status, ms / 1000);
    this.accessLog?.write({
      method: ctx.method,
      route: template,
      status,
      ms,
      requestId,
      ip,
      principal: principal?.id,
      aborted: !ctx.res.writableFinished,
    });
  }
}

function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
