import { createLogger } from '@mlops/core';
import {
  Auth,
  type Credentials,
  definePlugin,
  HttpRoutes,
  type Principal,
  type ResourceRef,
  type RouteDefinition,
  UnauthenticatedError,
  UnavailableError,
} from '@mlops/plugin-api';
import { expect } from 'chai';
import { anonymousPrincipal, RequestAuth } from '../src/RequestAuth.js';
import { call, postJson, routesPlugin, type Started, startHttp } from './fixtures.js';

/** What the test Auth provider saw. */
interface Seen {
  authenticate: Credentials[];
  authorize: { principal: string; action: string; resource: ResourceRef }[];
}

/**
 * A real Auth provider of the tests: `Bearer alice` is alice, `Bearer bob` is bob, `Bearer down`
 * finds the directory down and `Bearer buggy` crashes; alice may do anything, bob may only READ,
 * and authorising run "boom" fails.
 */
function testAuthPlugin(seen: Seen) {
  const auth: Auth = {
    async authenticate(credentials) {
      seen.authenticate.push(credentials);
      const token = credentials.authorization?.replace(/^Bearer /, '');
      if (token === 'down') throw new UnavailableError('the directory did not answer');
      if (token === 'buggy') throw new TypeError('cannot read properties of undefined (reading "dn")');
      if (token !== 'alice' && token !== 'bob')
        throw new UnauthenticatedError('a valid bearer token is required');
      return { id: token, kind: 'user', roles: [] } satisfies Principal;
    },
    async authorize(principal, action, resource) {
      seen.authorize.push({ principal: principal.id, action, resource });
      if (resource.id === 'boom') throw new Error('policy store unreachable');
      return principal.id === 'alice' || action === 'READ';
    },
    async readableScope() {
      return { kind: 'all' };
    },
  };
  return definePlugin({
    name: 'test-auth',
    version: '1.0.0',
    apiVersion: '^0.1.0',
    provides: [Auth],
    // Like plugins/auth, which adds its own routes: the http plugin looks Auth up late.
    requires: [HttpRoutes],
    setup(ctx) {
      ctx.provide(Auth, auth);
    },
  })();
}

/** A route over several runs: every listed run must be readable. */
function compareRoutePlugin() {
  return definePlugin({
    name: 'test-compare',
    version: '1.0.0',
    apiVersion: '^0.1.0',
    requires: [HttpRoutes],
    setup(ctx) {
      ctx.get(HttpRoutes).add({
        method: 'POST',
        path: '/api/v1/runs/compare',
        summary: 'Compare runs',
        permission: {
          action: 'READ',
          resource: 'run',
          resourceIds: (r) => (r.body as { run_ids: string[] }).run_ids,
        },
        schema: {
          body: { type: 'object', properties: { run_ids: { type: 'array', items: { type: 'string' } } } },
        },
        handler: async (r) => ({ compared: (r.body as { run_ids: string[] }).run_ids.length }),
      });
    },
  })();
}

describe('authentication and authorisation through the Auth port', () => {
  let s: Started;
  const seen: Seen = { authenticate: [], authorize: [] };
  before(async () => {
    s = await startHttp({}, [testAuthPlugin(seen), routesPlugin(), compareRoutePlugin()]);
  });
  after(() => s.kernel.stop());
  beforeEach(() => {
    seen.authenticate.length = 0;
    seen.authorize.length = 0;
  });

  it('uses an Auth provider that is set up after the http plugin and needs its routes', () => {
    const names = s.kernel.plugins.map((p) => p.name);
    expect(names.indexOf('test-auth')).to.be.greaterThan(names.indexOf('@mlops/plugin-http'));
  });

  it('lets public routes through without asking Auth', async () => {
    expect((await call(`${s.url}/healthz`)).status).to.equal(200);
    expect(seen.authenticate).to.deep.equal([]);
  });

  it('answers 401 without valid credentials, passing the header and client address to Auth', async () => {
    const none = await call(`${s.url}/api/v1/runs/search`);
    expect(none.status).to.equal(401);
    expect(none.json).to.deep.equal({
      error_code: 'UNAUTHENTICATED',
      message: 'a valid bearer token is required',
      details: {},
    });
    expect(none.headers['www-authenticate']).to.equal('Bearer realm="mlops"');
    await call(`${s.url}/api/v1/runs/search`, { headers: { authorization: 'Bearer nobody' } });
    expect(seen.authenticate).to.deep.equal([
      { ip: '127.0.0.1' },
      { authorization: 'Bearer nobody', ip: '127.0.0.1' },
    ]);
  });

  it('authorises the route action on the resource id read from the request', async () => {
    const res = await call(`${s.url}/api/v1/runs/r9`, { headers: { authorization: 'Bearer bob' } });
    expect(res.status).to.equal(200);
    expect(res.json.principal).to.equal('bob');
    expect(seen.authorize).to.deep.equal([
      { principal: 'bob', action: 'READ', resource: { kind: 'run', id: 'r9' } },
    ]);
  });

  it('answers 403 when Auth refuses, and does not run the handler', async () => {
    const res = await call(`${s.url}/api/v1/runs/r9`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer bob' },
    });
    expect(res.status).to.equal(403);
    expect(res.json).to.deep.equal({
      error_code: 'PERMISSION_DENIED',
      message: '"bob" may not EDIT run "r9"',
      details: { reason: 'forbidden' },
    });
    const alice = await call(`${s.url}/api/v1/runs/r9`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer alice' },
    });
    expect(alice.status).to.equal(204);
  });

  it('checks authorisation after validation, without a resource id when the route has none', async () => {
    const invalid = await postJson(`${s.url}/api/v1/experiments`, {}, { authorization: 'Bearer bob' });
    expect(invalid.status).to.equal(400);
    expect(seen.authorize).to.deep.equal([]);
    const refused = await postJson(
      `${s.url}/api/v1/experiments`,
      { name: 'x' },
      { authorization: 'Bearer bob' },
    );
    expect(refused.status).to.equal(403);
    expect(refused.json.message).to.equal('"bob" may not EDIT experiment');
  });

  it('fails closed: an authorisation error denies, an authentication outage is 503, a crash is 500', async () => {
    const boom = await call(`${s.url}/api/v1/runs/boom`, {
      headers: { authorization: 'Bearer alice', 'x-request-id': 'az-1' },
    });
    expect(boom.status).to.equal(403);
    const warn = s.kernel.logs.find((l) => l.requestId === 'az-1' && l.level === 40);
    expect(warn?.msg).to.equal('authorisation failed; denying');
    const down = await call(`${s.url}/api/v1/runs/r1`, { headers: { authorization: 'Bearer down' } });
    expect(down.status).to.equal(503);
    expect(down.json.message).to.equal('the directory did not answer');
    const buggy = await call(`${s.url}/api/v1/runs/r1`, { headers: { authorization: 'Bearer buggy' } });
    expect(buggy.status).to.equal(500);
    expect(buggy.json.message).to.match(/^internal error; quote request id [0-9a-f-]{36} when reporting it$/);
  });

  it('checks every resource of a route over several, once each, and denies when any is refused', async () => {
    const compare = (runIds: string[]) =>
      postJson(`${s.url}/api/v1/runs/compare`, { run_ids: runIds }, { authorization: 'Bearer bob' });
    const ok = await compare(['r1', 'r2', 'r1']);
    expect(ok.status).to.equal(200);
    expect(seen.authorize.map((a) => a.resource.id)).to.deep.equal(['r1', 'r2']);
    const refused = await compare(['r1', 'boom']);
    expect(refused.status).to.equal(403);
    expect(refused.json.message).to.equal('"bob" may not READ run "boom"');
    seen.authorize.length = 0;
    expect((await compare([])).status).to.equal(200);
    expect(seen.authorize).to.deep.equal([
      { principal: 'bob', action: 'READ', resource: { kind: 'run', id: undefined } },
    ]);
  });

  it('declares bearer security on non-public operations in the OpenAPI document', async () => {
    const doc = (await call(`${s.url}/api/openapi.json`)).json as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes?: unknown };
    };
    expect(doc.components.securitySchemes).to.deep.equal({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(doc.paths['/api/v1/runs/{runId}']!.get!.security).to.deep.equal([{ bearer: [] }]);
    expect(doc.paths['/healthz']!.get!.security).to.deep.equal([]);
  });
});

describe('RequestAuth without waiting', () => {
  const route = (permission: RouteDefinition['permission']) =>
    ({ method: 'GET', path: '/x', summary: 'x', permission, handler: async () => ({}) }) as RouteDefinition;
  const auth: Auth = {
    authenticate: async () => anonymousPrincipal,
    authorize: async () => true,
    readableScope: async () => ({ kind: 'all' }),
  };
  const logger = createLogger({ level: 'silent' });

  it('needs Auth for neither step when no Auth is configured', () => {
    const none = new RequestAuth(() => undefined, logger);
    for (const permission of ['public', 'authenticated', { action: 'READ', resource: 'run' }] as const) {
      expect(none.authenticates(route(permission))).to.equal(false);
      expect(none.authorizes(route(permission))).to.equal(false);
    }
  });

  it('authenticates every route but the public ones, and authorises those with a resource', () => {
    const some = new RequestAuth(() => auth, logger);
    expect(some.authenticates(route('public'))).to.equal(false);
    expect(some.authenticates(route('authenticated'))).to.equal(true);
    expect(some.authenticates(route({ action: 'READ', resource: 'run' }))).to.equal(true);
    expect(some.authorizes(route('authenticated'))).to.equal(false);
    expect(some.authorizes(route({ action: 'READ', resource: 'run' }))).to.equal(true);
  });
});
