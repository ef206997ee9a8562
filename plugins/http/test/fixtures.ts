import { createHash } from 'node:crypto';
import {
  AlreadyExistsError,
  ConflictError,
  createToken,
  DataLossError,
  definePlugin,
  type ErrorCategory,
  FailedPreconditionError,
  HttpRoutes,
  HttpServer,
  InternalError,
  InvalidArgumentError,
  type MlopsError,
  NotFoundError,
  PermissionDeniedError,
  type PluginInstance,
  type RouteDefinition,
  UnauthenticatedError,
  UnavailableError,
} from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { type Dispatcher, request } from 'undici';
import { type HttpOptions, httpPlugin } from '../src/index.js';

/** An error of each category, as a handler would throw it. */
export const errorsByCategory: Record<ErrorCategory, () => MlopsError> = {
  NotFound: () => new NotFoundError('run "r1" does not exist', { field: 'run_id' }),
  AlreadyExists: () => new AlreadyExistsError('experiment "churn" exists already', { field: 'name' }),
  InvalidArgument: () =>
    new InvalidArgumentError('max_results must be at most 1000', { field: 'max_results' }),
  PermissionDenied: () => new PermissionDeniedError('alice may not delete experiment 1'),
  Unauthenticated: () => new UnauthenticatedError('the token has expired'),
  FailedPrecondition: () => new FailedPreconditionError('run "r1" is deleted'),
  Conflict: () => new ConflictError('model version 3 changed since ETag "2"'),
  Unavailable: () => new UnavailableError('the database did not answer'),
  DataLoss: () => new DataLossError('artifact a.bin does not match its sha256'),
  Internal: () => new InternalError('row 12 of table runs has a null id'),
};

/** A value a request-scoped handler stores in its scope, to check that scopes do not leak. */
export const RequestNote = createToken<{ text: string }>({ id: 'test.requestNote' });

/** Resolved by a test to let the `/slow` route answer. */
export interface Gate {
  readonly entered: Promise<void>;
  open(): void;
}

/** A gate the `/slow` handler waits at. */
export function createGate(): Gate & { enter(): void; wait: Promise<void> } {
  let open!: () => void;
  let enter!: () => void;
  const wait = new Promise<void>((r) => {
    open = r;
  });
  const entered = new Promise<void>((r) => {
    enter = r;
  });
  return { open, enter, wait, entered };
}

/** The routes of the test plugin: a small API with schemas, errors by category and a slow route. */
export function testRoutes(gate = createGate()): RouteDefinition[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/experiments',
      summary: 'Create an experiment',
      tags: ['tracking'],
      permission: { action: 'EDIT', resource: 'experiment' },
      schema: {
        body: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1 },
            experiment_id: { type: 'string' },
            tags: { type: 'array', items: { type: 'string' } },
          },
        },
        response: { 201: { type: 'object', properties: { name: { type: 'string' } } } },
      },
      handler: async ({ body }) => ({
        status: 201,
        headers: { Location: `/api/v1/experiments/${(body as { name: string }).name}` },
        body,
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/runs/:runId',
      summary: 'Get a run',
      tags: ['tracking'],
      permission: { action: 'READ', resource: 'run', resourceId: (r) => r.params.runId },
      schema: {
        params: { type: 'object', properties: { runId: { type: 'string', pattern: '^[a-z0-9]+$' } } },
        query: {
          type: 'object',
          properties: {
            max_results: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
            view: { enum: ['ACTIVE_ONLY', 'ALL'] },
            keys: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      handler: async ({ params, query, call }) => ({
        runId: params.runId,
        query,
        principal: call.principal.id,
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/runs/search',
      summary: 'Search runs',
      tags: ['tracking'],
      permission: 'authenticated',
      handler: async () => ({ runs: [] }),
    },
    {
      method: 'DELETE',
      path: '/api/v1/runs/:runId',
      summary: 'Delete a run',
      tags: ['tracking'],
      permission: { action: 'EDIT', resource: 'run', resourceId: (r) => r.params.runId },
      schema: { response: { 204: {} } },
      handler: async () => undefined,
    },
    {
      method: 'GET',
      path: '/api/2.0/mlflow/experiments/get',
      summary: 'MLflow: get an experiment',
      tags: ['mlflow'],
      errorStyle: 'mlflow',
      permission: 'public',
      schema: {
        query: {
          type: 'object',
          required: ['experiment_id'],
          properties: { experiment_id: { type: 'string' } },
        },
      },
      handler: async ({ query }) => {
        throw new NotFoundError(`No Experiment with id=${String(query.experiment_id)} exists`);
      },
    },
    {
      method: 'POST',
      path: '/errors/:style/:category',
      summary: 'Throws an error of a category',
      permission: 'public',
      handler: async ({ params }) => {
        const make = errorsByCategory[params.category as ErrorCategory];
        if (make === undefined) throw new TypeError(`secret internals: ${params.category} at 0xdeadbeef`);
        throw make();
      },
    },
    {
      method: 'POST',
      path: '/mlflow-errors/:category',
      summary: 'Throws an error of a category, MLflow style',
      errorStyle: 'mlflow',
      permission: 'public',
      handler: async ({ params }) => {
        throw errorsByCategory[params.category as ErrorCategory]();
      },
    },
    {
      method: 'POST',
      path: '/echo',
      summary: 'Echo the JSON body',
      permission: 'public',
      maxBodyBytes: 64,
      handler: async ({ body }) => ({ body: { echoed: body ?? null } }),
    },
    {
      method: 'POST',
      path: '/big',
      summary: 'Accept a JSON body up to the server limit',
      permission: 'public',
      handler: async ({ body }) => ({ size: JSON.stringify(body).length }),
    },
    {
      method: 'PUT',
      path: '/upload/*path',
      summary: 'Upload raw bytes',
      permission: 'public',
      bodyMode: 'raw',
      maxBodyBytes: 1024,
      handler: async ({ rawBody, params, headers }) => {
        const hash = createHash('sha256');
        let bytes = 0;
        for await (const chunk of rawBody!) {
          hash.update(chunk as Buffer);
          bytes += (chunk as Buffer).length;
        }
        return { path: params.path, bytes, sha256: hash.digest('hex'), type: headers['content-type'] };
      },
    },
    {
      method: 'GET',
      path: '/bytes',
      summary: 'Binary answer',
      permission: 'public',
      handler: async () => ({ headers: { ETag: '"v1"' }, body: Buffer.from([1, 2, 3]) }),
    },
    {
      method: 'GET',
      path: '/context',
      summary: 'The call context and a request-scoped value',
      permission: 'public',
      handler: async ({ call, scope }) => {
        const before = scope!.find(RequestNote)?.text ?? null;
        scope!.provide(RequestNote, { text: call.requestId });
        return { call, before, after: scope!.get(RequestNote).text };
      },
    },
    {
      method: 'GET',
      path: '/slow',
      summary: 'Waits for the test to open a gate',
      permission: 'public',
      handler: async () => {
        gate.enter();
        await gate.wait;
        return { done: true };
      },
    },
  ];
}

/** A plugin of the tests that adds `routes` in its setup, as tracking and registry do. */
export function routesPlugin(
  routes: RouteDefinition[] = testRoutes(),
  name = 'test-routes',
  onStop?: () => void,
): PluginInstance {
  return definePlugin({
    name,
    version: '1.0.0',
    apiVersion: '^0.1.0',
    requires: [HttpRoutes],
    setup(ctx) {
      ctx.get(HttpRoutes).add(...routes);
    },
    stop() {
      onStop?.();
    },
  })();
}

/** A started kernel with the http plugin on a free port, and its base URL. */
export interface Started {
  readonly kernel: TestKernel;
  readonly url: string;
}

/** Starts the http plugin (port 0 unless `options` say otherwise) with the test routes or `plugins`. */
export async function startHttp(
  options: Partial<HttpOptions> = {},
  plugins: PluginInstance[] = [routesPlugin()],
): Promise<Started> {
  const kernel = await createTestKernel({ plugins: [httpPlugin({ port: 0, ...options }), ...plugins] });
  return { kernel, url: kernel.get(HttpServer).url! };
}

/** A request with undici, its body read as text and, when it parses, as JSON. */
export async function call(
  url: string,
  options: { method?: Dispatcher.HttpMethod; headers?: Record<string, string>; body?: string | Buffer } = {},
) {
  const res = await request(url, {
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json: json as Record<string, unknown> };
}

/** POSTs `body` as JSON. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
