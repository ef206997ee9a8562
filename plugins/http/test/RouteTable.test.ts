import {
  AlreadyExistsError,
  definePlugin,
  FailedPreconditionError,
  HttpRoutes,
  InvalidArgumentError,
  type RouteDefinition,
} from '@mlops/plugin-api';
import { createTestKernel, rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { httpPlugin } from '../src/index.js';
import { type RouteMatch, RouteTable } from '../src/RouteTable.js';
import { call, routesPlugin, type Started, startHttp } from './fixtures.js';

const route = (method: RouteDefinition['method'], path: string, extra: Partial<RouteDefinition> = {}) =>
  ({
    method,
    path,
    summary: `${method} ${path}`,
    permission: 'public',
    handler: async () => ({ path }),
    ...extra,
  }) as RouteDefinition;

describe('routes', () => {
  let s: Started;
  before(async () => {
    s = await startHttp();
  });
  after(() => s.kernel.stop());

  it('matches a static segment before a parameter, whatever the order of adding', async () => {
    const search = await call(`${s.url}/api/v1/runs/search`);
    expect(search.status).to.equal(200);
    expect(search.json).to.deep.equal({ runs: [] });
    const get = await call(`${s.url}/api/v1/runs/abc123`);
    expect(get.json).to.deep.equal({
      runId: 'abc123',
      query: { max_results: 100 },
      principal: 'anonymous',
    });
  });

  it('answers 404 naming the method and path for an unknown route', async () => {
    const res = await call(`${s.url}/api/v1/nothing-here`);
    expect(res.status).to.equal(404);
    expect(res.json).to.deep.equal({
      error_code: 'NOT_FOUND',
      message: 'no route for GET /api/v1/nothing-here',
      details: { reason: 'no_route' },
    });
  });

  it('answers 405 with Allow for a known path and another method, and OPTIONS with 204', async () => {
    const res = await call(`${s.url}/api/v1/experiments`, { method: 'PATCH' });
    expect(res.status).to.equal(405);
    expect(res.headers.allow).to.equal('POST');
    expect(res.json.message).to.equal('PATCH is not allowed on /api/v1/experiments; it answers POST');
    const options = await call(`${s.url}/api/v1/runs/r1`, { method: 'OPTIONS' });
    expect(options.status).to.equal(204);
    expect(options.headers.allow).to.equal('GET, HEAD, DELETE');
  });

  it('answers HEAD for a GET route without a body', async () => {
    const res = await call(`${s.url}/healthz`, { method: 'HEAD' });
    expect(res.status).to.equal(200);
    expect(res.text).to.equal('');
  });

  it('sends 201 with Location, 204 for undefined, and Buffers as octet-stream with handler headers', async () => {
    const created = await call(`${s.url}/api/v1/experiments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"churn"}',
    });
    expect(created.status).to.equal(201);
    expect(created.headers.location).to.equal('/api/v1/experiments/churn');
    expect(created.json).to.deep.equal({ name: 'churn' });
    const deleted = await call(`${s.url}/api/v1/runs/r1`, { method: 'DELETE' });
    expect(deleted.status).to.equal(204);
    expect(deleted.text).to.equal('');
    const bytes = await call(`${s.url}/bytes`);
    expect(bytes.headers['content-type']).to.equal('application/octet-stream');
    expect(bytes.headers.etag).to.equal('"v1"');
    expect([...Buffer.from(bytes.text, 'latin1')]).to.deep.equal([1, 2, 3]);
  });

  it('lists every route added, the built-in ones included', () => {
    const listed = s.kernel
      .get(HttpRoutes)
      .list()
      .map((r) => `${r.method} ${r.path}`);
    expect(listed).to.include.members([
      'GET /healthz',
      'GET /readyz',
      'GET /metrics',
      'GET /api/openapi.json',
      'GET /api/docs',
      'POST /api/v1/experiments',
      'GET /api/v1/runs/search',
    ]);
  });

  it('refuses routes once the server has started', () => {
    const err = (() => {
      try {
        s.kernel.get(HttpRoutes).add(route('GET', '/late'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      'routes must be added during setup, but the HTTP server has started (GET /late)',
    );
    expect(
      s.kernel
        .get(HttpRoutes)
        .list()
        .some((r) => r.path === '/late'),
    ).to.equal(false);
  });
});

describe('adding routes', () => {
  async function setupError(routes: RouteDefinition[]) {
    return rejectionOf(createTestKernel({ plugins: [httpPlugin({ port: 0 }), routesPlugin(routes)] }));
  }

  it('refuses a second route with the same method and path shape, naming both', async () => {
    const err = await setupError([
      route('GET', '/api/v1/runs/:runId', { summary: 'Get a run' }),
      route('GET', '/api/v1/runs/:id'),
    ]);
    expect((err as Error).message).to.equal(
      'plugin "test-routes" failed in setup: route GET /api/v1/runs/:id duplicates route GET /api/v1/runs/:runId (Get a run)',
    );
    expect((err as Error).cause).to.be.instanceOf(AlreadyExistsError);
  });

  it('refuses a route that duplicates a built-in one', async () => {
    const err = await setupError([route('GET', '/healthz')]);
    expect((err as Error).cause).to.be.instanceOf(AlreadyExistsError);
    expect(((err as Error).cause as Error).message).to.equal(
      'route GET /healthz duplicates route GET /healthz (Liveness: 200 while the process runs)',
    );
  });

  it('refuses a duplicate operationId', async () => {
    const err = await setupError([
      route('GET', '/a', { operationId: 'getThing' }),
      route('GET', '/b', { operationId: 'getThing' }),
    ]);
    expect(((err as Error).cause as Error).message).to.equal(
      'route GET /b has operationId "getThing", already used by route GET /a',
    );
  });

  it('refuses an invalid schema, naming the route and the part, and adds none of the batch', async () => {
    const err = await setupError([
      route('GET', '/fine'),
      route('POST', '/typo', { schema: { body: { type: 'object', requried: ['name'] } } }),
    ]);
    const cause = (err as Error).cause as InvalidArgumentError;
    expect(cause).to.be.instanceOf(InvalidArgumentError);
    expect(cause.message).to.equal(
      'route POST /typo: schema.body is not a valid JSON Schema: strict mode: unknown keyword: "requried"',
    );
    expect(cause.details.field).to.equal('schema.body');
  });

  it('refuses a path that does not start with a slash and a bad maxBodyBytes', async () => {
    const noSlash = await setupError([route('GET', 'runs')]);
    expect(((noSlash as Error).cause as Error).message).to.equal('route GET runs: path must start with "/"');
    const badLimit = await setupError([route('POST', '/x', { maxBodyBytes: -1 })]);
    expect(((badLimit as Error).cause as Error).message).to.equal(
      'route POST /x: maxBodyBytes must be a positive integer, not -1',
    );
  });

  it('adds all the routes of a call or none of them', async () => {
    let caught: unknown;
    const careful = definePlugin({
      name: 'careful',
      version: '1.0.0',
      apiVersion: '^0.1.0',
      requires: [HttpRoutes],
      setup(ctx) {
        try {
          ctx.get(HttpRoutes).add(route('GET', '/fine'), route('GET', '/healthz'));
        } catch (err) {
          caught = err;
        }
      },
    })();
    const s = await startHttp({}, [careful]);
    try {
      expect(caught).to.be.instanceOf(AlreadyExistsError);
      expect(
        s.kernel
          .get(HttpRoutes)
          .list()
          .some((r) => r.path === '/fine'),
      ).to.equal(false);
      expect((await call(`${s.url}/fine`)).status).to.equal(404);
    } finally {
      await s.kernel.stop();
    }
  });
});

describe('RouteTable.match', () => {
  const table = () => {
    const t = new RouteTable();
    t.add(route('GET', '/runs/:runId'), route('GET', '/runs/search'), route('POST', '/runs'));
    return t;
  };

  it('sees routes added before the freeze, and answers the same after it, from memory', () => {
    const t = table();
    expect(t.match('GET', '/models/m1')).to.deep.equal({ allowed: [] });
    t.add(route('GET', '/models/:name'));
    t.freeze();
    const first = t.match('GET', '/models/m1');
    expect(first).to.deep.include({ params: { name: 'm1' } });
    expect((first as RouteMatch).route.label).to.equal('GET /models/:name');
    expect(t.match('GET', '/models/m1')).to.equal(first);
    expect(Object.isFrozen((first as RouteMatch).params)).to.equal(true);
    expect(t.match('DELETE', '/runs')).to.deep.equal({ allowed: ['POST'] });
  });

  it('keeps answering right past the size of its memory and for long paths', () => {
    const t = table();
    t.freeze();
    for (let i = 0; i < 5000; i++) {
      const found = t.match('GET', `/runs/r${i}`) as RouteMatch;
      expect(found.params).to.deep.equal({ runId: `r${i}` });
    }
    const long = `r${'x'.repeat(400)}`;
    expect((t.match('GET', `/runs/${long}`) as RouteMatch).params).to.deep.equal({ runId: long });
    expect((t.match('GET', '/runs/search') as RouteMatch).route.label).to.equal('GET /runs/search');
  });

  it('gives every request its own params, whatever the handler does to them', async () => {
    const s = await startHttp({}, [
      routesPlugin([
        route('GET', '/items/:id', {
          schema: { params: { type: 'object', properties: { id: { type: 'integer' } } } },
          handler: async ({ params }) => {
            const seen = { ...params, type: typeof params.id };
            (params as Record<string, unknown>).extra = 'added by the handler';
            return seen;
          },
        }),
      ]),
    ]);
    try {
      for (let i = 0; i < 2; i++) {
        expect((await call(`${s.url}/items/7`)).json).to.deep.equal({ id: 7, type: 'number' });
      }
    } finally {
      await s.kernel.stop();
    }
  });
});
