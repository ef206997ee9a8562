import { HttpRoutes, type RouteDefinition } from '@mlops/plugin-api';
import { driftPlugin } from '@mlops/plugin-drift';
import { hpoPlugin } from '@mlops/plugin-hpo';
import { servingPlugin } from '@mlops/plugin-serving';
import { logisticRegressionModel } from '@mlops/test-models';
import { expect } from 'chai';
import { type SampleIds, sampleRequest } from './requestSamples.js';
import { type AuthServer, createUser, ok, startAuthServer } from './startAuthServer.js';

/**
 * Routes anyone may call: probes, the API documents, and the session routes. KServe's `/v2`
 * (server name and protocol version) and `/v2/health/live|ready` are public as `/healthz` and
 * `/readyz` are: load balancers and KServe's own probes call them without credentials, and they
 * tell a boolean about the whole server (readiness is computed as the system, the same for every
 * caller), never a deployment's name or model.
 */
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
  'GET /v2',
  'GET /v2/health/live',
  'GET /v2/health/ready',
];

/**
 * Routes any signed-in user may call, each reviewed: creations (the creator gets MANAGE), searches
 * and listings (filtered by `Auth.readableScope` in the query: experiments, runs, models, model
 * versions, HPO studies, deployments), the caller's own session and tokens, and the run
 * comparisons (which check no per-run permission: see the plugin's README), and in MLflow's auth
 * API a user's own record and password (another user's need an administrator: the handlers check
 * it). Creating a deployment is not here: it needs READ on the registered model it serves.
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
  'POST /api/v1/hpo/studies',
  'GET /api/v1/hpo/studies',
  'GET /api/v1/deployments',
  'GET /api/2.0/mlflow/users/get',
  'PATCH /api/2.0/mlflow/users/update-password',
];

const label = (r: RouteDefinition) => `${r.method} ${r.path}`;

/**
 * The owner's resource-scoped GETs that answer other than 2xx once past the permission check,
 * each for a reason of the resource's own. Routes naming a sub-resource by `:id` (a deployment's
 * traffic experiments and batch jobs, which this test does not create) answer 404.
 */
const ownerRefusals: Record<string, number> = {
  // Trial 0 is COMPLETE: only a RUNNING trial can be asked whether to prune.
  'GET /api/v1/hpo/studies/:studyId/trials/:number/should-prune': 409,
  // The study has one objective, so no Pareto front.
  'GET /api/v1/hpo/studies/:studyId/plots/pareto-front': 409,
  // No traffic experiment is running on the deployment.
  'GET /api/v1/deployments/:name/experiment': 404,
};

/** A reference dataset and a drifted batch for the drift plugin, as CSV. */
const referenceCsv = `score,segment\n${Array.from({ length: 40 }, (_, i) => `${i / 40},${i % 2 ? 'a' : 'b'}`).join('\n')}\n`;
const batchCsv = `score,segment\n${Array.from({ length: 40 }, (_, i) => `${2 + i / 40},a`).join('\n')}\n`;

describe('auth plugin: every route of the running server is protected', function () {
  this.timeout(60_000);
  let server: AuthServer;
  let routes: readonly RouteDefinition[];
  let ids: SampleIds;
  let owner: string;
  let stranger: string;

  before(async () => {
    server = await startAuthServer({
      auth: { defaultPermission: 'NO_PERMISSIONS' },
      plugins: [hpoPlugin(), driftPlugin(), servingPlugin()],
    });
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
    const artifacts = `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts`;
    ok(await server.call('PUT', `${artifacts}/owner.txt`, { as: owner, body: 'owner data' }));
    // `runs:/<run>/model` holds one .onnx file: the serving plugin deploys it.
    ok(
      await server.call('PUT', `${artifacts}/model/model.onnx`, {
        as: owner,
        body: logisticRegressionModel([0.5, -0.25], 0.1),
      }),
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
    const deploymentName = 'owned-deployment';
    ok(
      await server.call('POST', '/api/v1/deployments', {
        as: owner,
        body: { name: deploymentName, model: modelName, version: 1 },
      }),
    );
    const studyId = ok<{ study_id: string }>(
      await server.call('POST', '/api/v1/hpo/studies', { as: owner, body: { name: 'owned-study' } }),
    ).study_id;
    for (let i = 0; i < 4; i++) {
      const asked = ok<{ number: number; params: { x: number } }>(
        await server.call('POST', `/api/v1/hpo/studies/${studyId}/trials`, {
          as: owner,
          body: { search_space: { x: { kind: 'float', low: 0, high: 1 } } },
        }),
      );
      ok(
        await server.call('POST', `/api/v1/hpo/studies/${studyId}/trials/${asked.number}/tell`, {
          as: owner,
          body: { state: 'COMPLETE', value: (asked.params.x - 0.3) ** 2 },
        }),
      );
    }
    const drift = `/api/v1/drift/models/${modelName}`;
    const csv = { 'Content-Type': 'text/csv' };
    ok(
      await server.call('PUT', `${drift}/versions/1/reference`, {
        as: owner,
        body: referenceCsv,
        headers: csv,
      }),
    );
    ok(await server.call('POST', `${drift}/versions/1/batches`, { as: owner, body: batchCsv, headers: csv }));
    const reportId = ok<{ id: string }>(
      await server.call('POST', `${drift}/versions/1/checks`, { as: owner, body: {} }),
    ).id;
    const detectorName = 'owned-detector';
    ok(
      await server.call('PUT', `${drift}/detectors/${detectorName}`, {
        as: owner,
        body: { kind: 'page-hinkley' },
      }),
    );
    const loggedModelId = ok<{ model: { info: { model_id: string } } }>(
      await server.call('POST', '/api/2.0/mlflow/logged-models', {
        as: owner,
        body: { experiment_id: experimentId, name: 'model', source_run_id: runId },
      }),
    ).model.info.model_id;
    ok(
      await server.call('PUT', `/api/v1/logged-models/${loggedModelId}/artifacts/owner.txt`, {
        as: owner,
        body: 'owner model file',
      }),
    );
    ids = {
      loggedModelId,
      experimentId,
      experimentName,
      runId,
      modelName,
      studyId,
      trialNumber: 0,
      deploymentName,
      reportId,
      detectorName,
    };
  });
  after(() => server?.stop());

  it('declares exactly the reviewed public and authenticated-only routes', () => {
    expect(routes.length).to.be.greaterThan(150);
    const publicRoutes = routes.filter((r) => r.permission === 'public').map(label);
    expect(publicRoutes.sort()).to.deep.equal([...expectedPublic].sort());
    const authenticated = routes.filter((r) => r.permission === 'authenticated').map(label);
    expect(authenticated.sort()).to.deep.equal([...expectedAuthenticated].sort());
    // Every plugin's routes are in the enumeration.
    for (const prefix of [
      '/api/2.0/mlflow/',
      '/api/2.0/mlflow-artifacts/',
      '/api/v1/hpo/',
      '/api/v1/drift/',
      '/api/v1/deployments',
      '/v2/models/',
    ]) {
      expect(
        routes.some((r) => r.path.startsWith(prefix)),
        prefix,
      ).to.equal(true);
    }
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
    expect(scoped.length).to.be.greaterThan(130);
    const kinds = new Set(scoped.map((r) => (r.permission as { resource: string }).resource));
    expect([...kinds].sort()).to.include.members([
      'deployment',
      'loggedModel',
      'registeredModel',
      'run',
      'study',
    ]);
    const wrong: string[] = [];
    for (const route of scoped) {
      const request = sampleRequest(route, ids);
      const answer = await server.call(route.method, request.path, { as: stranger, body: request.body });
      const message = (answer.body as { message?: string } | undefined)?.message ?? '';
      if (answer.status !== 403 || !message.startsWith('"stranger" may not '))
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
    const deployment = ok<{ deployment: { revision: number; model: string; version: number } }>(
      await server.call('GET', `/api/v1/deployments/${ids.deploymentName}`, { as: owner }),
    );
    expect(deployment.deployment).to.include({ revision: 1, model: ids.modelName, version: 1 });
    const trials = ok<{ trials: { state: string }[] }>(
      await server.call('GET', `/api/v1/hpo/studies/${ids.studyId}/trials`, { as: owner }),
    );
    expect(trials.trials.map((t) => t.state)).to.deep.equal(['COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE']);
    const reports = ok<{ items: unknown[] }>(
      await server.call('GET', `/api/v1/drift/models/${ids.modelName}/versions/1/reports`, { as: owner }),
    );
    expect(reports.items).to.have.length(1);
  });

  it('lets the owner read through every resource-scoped GET route the stranger was refused', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => typeof r.permission === 'object' && r.method === 'GET')) {
      if (typeof route.permission === 'object' && route.permission.action === 'ADMIN') continue;
      const request = sampleRequest(route, ids);
      const answer = await server.call(route.method, request.path, { as: owner });
      const expected = ownerRefusals[label(route)] ?? (route.path.includes('/:id') ? 404 : undefined);
      if (expected === undefined ? answer.status >= 300 : answer.status !== expected)
        wrong.push(`${label(route)}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    expect(wrong).to.deep.equal([]);
  });
});
