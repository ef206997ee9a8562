import { HttpRoutes, type RouteDefinition } from '@mlops/plugin-api';
import { expect } from 'chai';
import { type SampleIds, sampleRequest } from './requestSamples.js';
import { type AuthServer, createUser, ok, startAuthServer } from './startAuthServer.js';

/** Routes anyone may call: probes, the API documents, and the session routes. */
const expectedPublic = [
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
  'GET /api/docs',
  'GET /api/docs/:asset',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
];

/**
 * Routes any signed-in user may call, each reviewed: creations (the creator gets MANAGE), searches
 * (filtered by `Auth.readableScope` in the query), the caller's own session and tokens, and the
 * run comparisons (which check no per-run permission: see the plugin's README).
 */
const expectedAuthenticated = [
  'POST /api/2.0/mlflow/experiments/create',
  'POST /ajax-api/2.0/mlflow/experiments/create',
  'POST /api/2.0/mlflow/experiments/search',
  'POST /ajax-api/2.0/mlflow/experiments/search',
  'GET /api/2.0/mlflow/experiments/search',
  'GET /ajax-api/2.0/mlflow/experiments/search',
  'POST /api/2.0/mlflow/runs/search',
  'POST /ajax-api/2.0/mlflow/runs/search',
  'POST /api/v1/experiments',
  'GET /api/v1/experiments',
  'GET /api/v1/runs',
  'POST /api/v1/runs/search',
  'GET /api/v1/models',
  'POST /api/v1/models',
  'POST /api/2.0/mlflow/registered-models/create',
  'POST /ajax-api/2.0/mlflow/registered-models/create',
  'GET /api/2.0/mlflow/registered-models/search',
  'GET /ajax-api/2.0/mlflow/registered-models/search',
  'GET /api/2.0/mlflow/model-versions/search',
  'GET /ajax-api/2.0/mlflow/model-versions/search',
  'GET /api/v1/auth/whoami',
  'POST /api/v1/auth/password',
  'GET /api/v1/tokens',
  'POST /api/v1/tokens',
  'DELETE /api/v1/tokens/:tokenId',
];

const label = (r: RouteDefinition) => `${r.method} ${r.path}`;

describe('auth plugin: every route of the running server is protected', function () {
  this.timeout(60_000);
  let server: AuthServer;
  let routes: readonly RouteDefinition[];
  let ids: SampleIds;
  let owner: string;
  let stranger: string;

  before(async () => {
    server = await startAuthServer({ auth: { defaultPermission: 'NO_PERMISSIONS' } });
    routes = server.kernel.get(HttpRoutes).list();
    owner = await createUser(server, 'owner');
    stranger = await createUser(server, 'stranger');
    const experimentName = 'owned-experiment';
    const experimentId = ok<{ experiment_id: string }>(
      await server.call('POST', '/api/2.0/mlflow/experiments/create', {
        as: owner,
        body: { name: experimentName },
      }),
    ).experiment_id;
    const run = ok<{ run: { info: { run_id: string } } }>(
      await server.call('POST', '/api/2.0/mlflow/runs/create', {
        as: owner,
        body: { experiment_id: experimentId, start_time: Date.now() },
      }),
    );
    const runId = run.run.info.run_id;
    ok(
      await server.call('POST', '/api/2.0/mlflow/runs/log-batch', {
        as: owner,
        body: {
          run_id: runId,
          metrics: [{ key: 'loss', value: 0.5, timestamp: Date.now(), step: 0 }],
          params: [],
        },
      }),
    );
    ok(
      await server.call(
        'PUT',
        `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/owner.txt`,
        {
          as: owner,
          body: 'owner data',
        },
      ),
    );
    const modelName = 'owned-model';
    ok(
      await server.call('POST', '/api/2.0/mlflow/registered-models/create', {
        as: owner,
        body: { name: modelName },
      }),
    );
    ok(
      await server.call('POST', '/api/2.0/mlflow/model-versions/create', {
        as: owner,
        body: { name: modelName, source: `runs:/${runId}/model`, run_id: runId },
      }),
    );
    ok(
      await server.call('POST', '/api/2.0/mlflow/registered-models/alias', {
        as: owner,
        body: { name: modelName, alias: 'champion', version: '1' },
      }),
    );
    ids = { experimentId, experimentName, runId, modelName };
  });
  after(() => server?.stop());

  it('declares exactly the reviewed public and authenticated-only routes', () => {
    expect(routes.length).to.be.greaterThan(100);
    const publicRoutes = routes.filter((r) => r.permission === 'public').map(label);
    expect(publicRoutes.sort()).to.deep.equal([...expectedPublic].sort());
    const authenticated = routes.filter((r) => r.permission === 'authenticated').map(label);
    expect(authenticated.sort()).to.deep.equal([...expectedAuthenticated].sort());
  });

  it('answers 401 without credentials on every other route', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      if (route.permission === 'public') continue;
      const request = sampleRequest(route, ids);
      const answer = await server.call(route.method, request.path, { body: request.body });
      if (answer.status !== 401)
        wrong.push(`${label(route)}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it('answers 403 on every resource-scoped route to a user with no permission on the resource', async () => {
    const scoped = routes.filter((r) => typeof r.permission === 'object');
    expect(scoped.length).to.be.greaterThan(80);
    const wrong: string[] = [];
    for (const route of scoped) {
      const request = sampleRequest(route, ids);
      const answer = await server.call(route.method, request.path, { as: stranger, body: request.body });
      if (answer.status !== 403)
        wrong.push(`${label(route)}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(wrong).to.deep.equal([]);
    // Nothing the stranger sent changed the owner's resources.
    const run = ok<{ run: { data: { metrics: unknown[]; tags?: unknown[] } } }>(
      await server.call('GET', `/api/2.0/mlflow/runs/get?run_id=${ids.runId}`, { as: owner }),
    );
    expect(run.run.data.metrics).to.have.length(1);
    const file = await server.call(
      'GET',
      `/api/2.0/mlflow-artifacts/artifacts/${ids.experimentId}/${ids.runId}/artifacts/owner.txt`,
      { as: owner },
    );
    expect(file.body).to.equal('owner data');
  });

  it('lets the owner read through every resource-scoped GET route the stranger was refused', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => typeof r.permission === 'object' && r.method === 'GET')) {
      const request = sampleRequest(route, ids);
      const admin = typeof route.permission === 'object' && route.permission.action === 'ADMIN';
      // The owner owns an experiment, a run and a model here; no plugin of studies or deployments
      // is loaded (announcedResources.test.ts covers those kinds).
      const unowned =
        typeof route.permission === 'object' && ['study', 'deployment'].includes(route.permission.resource);
      if (admin || unowned) continue;
      const answer = await server.call(route.method, request.path, { as: owner });
      if (answer.status === 401 || answer.status === 403 || answer.status === 400) {
        wrong.push(`${label(route)}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });
});
