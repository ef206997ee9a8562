import Router, { type Layer } from '@koa/router';
import {
  AlreadyExistsError,
  type ErrorStyle,
  FailedPreconditionError,
  type HttpMethod,
  type HttpRoutes,
  InvalidArgumentError,
  type RouteDefinition,
} from '@mlops/plugin-api';
import { type PartValidator, type RequestPart, RequestValidators } from './RequestValidators.js';
import { deriveOperationId } from './toOpenApiPath.js';

/** A route as the server runs it: its definition, compiled validators and resolved names. */
export interface CompiledRoute {
  readonly definition: RouteDefinition;
  /** `GET /api/v1/runs/:runId`, in messages. */
  readonly label: string;
  readonly operationId: string;
  readonly errorStyle: ErrorStyle;
  /** `[definition.method]`: the methods a CORS preflight of the matched path is told. */
  readonly methods: readonly string[];
  readonly validate: Partial<Record<RequestPart, PartValidator>>;
  /** False for the probes, which a rate limit must never fail. */
  readonly rateLimited: boolean;
}

/** A request matched to a route, with its raw path parameters. */
export interface RouteMatch {
  readonly route: CompiledRoute;
  readonly params: Record<string, string>;
}

/** What {@link RouteTable.match} answers: a route, or the methods the path allows. */
export type MatchResult = RouteMatch | { readonly allowed: readonly string[] };

const methods: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Matches remembered once the table is frozen: enough for every route of a busy server. */
const matchCacheSize = 2048;
/** Longer paths are matched every time, so one huge URL cannot pin much memory. */
const matchCacheMaxPath = 256;

/**
 * The `HttpRoutes` port: routes are checked and compiled as they are added (during setup), and
 * the table is frozen when the server starts. Matching uses @koa/router's path syntax.
 */
export class RouteTable implements HttpRoutes {
  private readonly routes: CompiledRoute[] = [];
  private readonly byShape = new Map<string, CompiledRoute>();
  private readonly byOperationId = new Map<string, CompiledRoute>();
  private readonly layers = new Map<Layer, CompiledRoute>();
  private readonly router = new Router();
  private readonly validators = new RequestValidators();
  // Routing walks every layer's regular expression; most traffic repeats a few paths (MLflow's
  // routes have no parameters), so a frozen table remembers its answers by method and path.
  private readonly matches = new Map<string, MatchResult>();
  private frozen = false;

  add(...definitions: RouteDefinition[]): void {
    this.addRoutes(definitions, true);
  }

  list(): readonly RouteDefinition[] {
    return this.routes.map((r) => r.definition);
  }

  /** Every route with its resolved operationId, in the order added. */
  compiled(): readonly CompiledRoute[] {
    return this.routes;
  }

  /** The platform's own routes; `rateLimited: false` exempts the probes. */
  addBuiltIn(definitions: readonly RouteDefinition[], options: { rateLimited: boolean }): void {
    this.addRoutes(definitions, options.rateLimited);
  }

  /** Refuses routes from now on: the server has started. */
  freeze(): void {
    this.frozen = true;
  }

  /**
   * The route for `method` and `path`, the most specific when several match (fewest parameters,
   * then the first added); else the methods the path allows (empty when no route has the path).
   * Once the table is frozen, answers are remembered (and frozen: callers copy what they change).
   */
  match(method: string, path: string): MatchResult {
    if (!this.frozen || path.length > matchCacheMaxPath) return this.matchLayers(method, path);
    const key = `${method} ${path}`;
    let result = this.matches.get(key);
    if (result === undefined) {
      result = this.matchLayers(method, path);
      // Cleared rather than evicted one by one: a scan of random paths only costs re-matching.
      if (this.matches.size >= matchCacheSize) this.matches.clear();
      this.matches.set(key, result);
    }
    return result;
  }

  private matchLayers(method: string, path: string): MatchResult {
    const found = this.router.match(path, method);
    let best: Layer | undefined;
    for (const layer of found.pathAndMethod) {
      if (best === undefined || rank(layer, method) < rank(best, method)) best = layer;
    }
    if (best === undefined) {
      const allowed = new Set(found.path.flatMap((l) => l.methods));
      return Object.freeze({ allowed: Object.freeze(methods.filter((m) => allowed.has(m))) });
    }
    // Frozen, since a remembered match is shared by every request for the same path.
    const params = Object.freeze(best.params(path, best.captures(path)));
    return Object.freeze({ route: this.layers.get(best)!, params });
  }

  private addRoutes(definitions: readonly RouteDefinition[], rateLimited: boolean): void {
    if (this.frozen) {
      const labels = definitions.map((d) => `${d.method} ${d.path}`).join(', ');
      throw new FailedPreconditionError(
        `routes must be added during setup, but the HTTP server has started (${labels})`,
        { reason: 'server_started' },
      );
    }
    // Check and compile every route first, so a bad one leaves the table as it was.
    const batch: CompiledRoute[] = [];
    const shapes = new Map<string, CompiledRoute>();
    const operationIds = new Map<string, CompiledRoute>();
    for (const definition of definitions) {
      const route = this.compile(definition, rateLimited);
      const shape = `${definition.method} ${shapeOf(definition.path)}`;
      const twin = this.byShape.get(shape) ?? shapes.get(shape);
      if (twin) {
        throw new AlreadyExistsError(
          `route ${route.label} duplicates route ${twin.label} (${twin.definition.summary})`,
          {
            field: 'path',
            reason: 'duplicate_route',
          },
        );
      }
      const sameId = this.byOperationId.get(route.operationId) ?? operationIds.get(route.operationId);
      if (sameId) {
        throw new AlreadyExistsError(
          `route ${route.label} has operationId "${route.operationId}", already used by route ${sameId.label}`,
          { field: 'operationId', reason: 'duplicate_operation_id' },
        );
      }
      shapes.set(shape, route);
      operationIds.set(route.operationId, route);
      batch.push(route);
    }
    for (const route of batch) {
      const { method, path } = route.definition;
      const layer = this.router.register(path, [method], noop, { name: route.label }) as Layer;
      this.layers.set(layer, route);
      this.byShape.set(`${method} ${shapeOf(path)}`, route);
      this.byOperationId.set(route.operationId, route);
      this.routes.push(route);
    }
  }

  private compile(definition: RouteDefinition, rateLimited: boolean): CompiledRoute {
    const { method, path, schema } = definition;
    const label = `${method} ${path}`;
    if (!methods.includes(method)) {
      throw new InvalidArgumentError(`route ${label}: method must be one of ${methods.join(', ')}`, {
        field: 'method',
      });
    }
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new InvalidArgumentError(`route ${label}: path must start with "/"`, { field: 'path' });
    }
    if (typeof definition.handler !== 'function') {
      throw new InvalidArgumentError(`route ${label}: handler must be a function`, { field: 'handler' });
    }
    const max = definition.maxBodyBytes;
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
      throw new InvalidArgumentError(`route ${label}: maxBodyBytes must be a positive integer, not ${max}`, {
        field: 'maxBodyBytes',
      });
    }
    checkPathSyntax(path, label);
    const validate: Partial<Record<RequestPart, PartValidator>> = {};
    for (const part of ['params', 'query', 'body'] as const) {
      const partSchema = schema?.[part];
      if (partSchema !== undefined) validate[part] = this.validators.compile(part, partSchema, label);
    }
    return {
      definition,
      label,
      operationId: definition.operationId ?? deriveOperationId(method, path),
      errorStyle: definition.errorStyle ?? 'native',
      methods: Object.freeze([method]),
      validate,
      rateLimited,
    };
  }
}

function noop(): void {}

/** Fewer parameters first; then a route declared for the method itself (HEAD) before GET's implicit HEAD. */
function rank(layer: Layer, method: string): number {
  return layer.paramNames.length * 2 + (layer.methods[0] === method ? 0 : 1);
}

/** The path with parameter names erased: `/runs/:id` and `/runs/:runId` are the same route. */
function shapeOf(path: string): string {
  return path.replace(/([:*])[A-Za-z_$][A-Za-z0-9_$]*/g, '$1');
}

function checkPathSyntax(path: string, label: string): void {
  try {
    new Router().register(path, ['GET'], noop);
  } catch (err) {
    throw new InvalidArgumentError(`route ${label}: path is not valid: ${(err as Error).message}`, {
      field: 'path',
    });
  }
}
