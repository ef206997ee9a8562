import {
  Auth,
  definePlugin,
  HttpRoutes,
  type Principal,
  type RouteDefinition,
  UnauthenticatedError,
} from '@mlops/plugin-api';
import { logisticRegressionModel, sumAndProductModel } from '@mlops/test-models';
import { expect } from 'chai';
import { send } from './http.js';
import { registerOnnxModel, type ServingServer, sigmoid, startServingServer } from './servingServer.js';

/** Bearer `admin` may do anything; bearer `reader` may only READ deployments (not the models they serve). */
const testAuthPlugin = definePlugin({
  name: 'test-auth',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  provides: [Auth],
  setup(ctx) {
    ctx.provide(Auth, {
      async authenticate(credentials) {
        const token = credentials.authorization?.replace(/^Bearer /, '');
        if (token !== 'admin' && token !== 'reader')
          throw new UnauthenticatedError('a valid bearer token is required');
        return { id: token, kind: 'user', roles: [] } satisfies Principal;
      },
      async authorize(principal, action, resource) {
        return principal.id === 'admin' || (action === 'READ' && resource.kind === 'deployment');
      },
      async readableScope() {
        return { kind: 'all' };
      },
    });
  },
});

const admin = { Authorization: 'Bearer admin' };
const reader = { Authorization: 'Bearer reader' };
const weights = [0.5, -1, 2];
const bias = 0.25;
const logit = (r: readonly number[]) => sigmoid(r[0]! * 0.5 - r[1]! + r[2]! * 2 + bias);

describe('HTTP: deployments API, KServe v2 and MLflow scoring', () => {
  let server: ServingServer;
  let v2: string;
  before(async () => {
    server = await startServingServer({ after: [testAuthPlugin()] });
    v2 = `${server.url}/v2/models`;
    await registerOnnxModel(server, 'churn', logisticRegressionModel(weights, bias));
    await registerOnnxModel(server, 'pair', sumAndProductModel(2), 'onnx-file');
  });
  after(async () => server.stop());

  it('creates deployments over REST, and refuses readers and bad fields', async () => {
    const denied = await send(
      `${server.url}/api/v1/deployments`,
      'POST',
      { name: 'churn-api', model: 'churn', version: 1 },
      reader,
    );
    expect(denied.status).to.equal(403);
    const created = await send(
      `${server.url}/api/v1/deployments`,
      'POST',
      { name: 'churn-api', model: 'churn', version: 1, environment: 'staging', reason: 'first cut' },
      admin,
    );
    expect(created.status).to.equal(201);
    expect(created.headers.get('location')).to.equal('/api/v1/deployments/churn-api');
    const { deployment } = created.body as { deployment: Record<string, unknown> };
    expect(deployment).to.deep.include({
      name: 'churn-api',
      revision: 1,
      model: 'churn',
      version: 1,
      environment: 'staging',
      backend: 'onnx',
      backend_options: { intraOpThreads: 1, warmupRuns: 1 },
      reason: 'first cut',
      created_by: 'admin',
      state: 'ready',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
    });
    expect(deployment.artifact_sha256).to.match(/^[0-9a-f]{64}$/);
    const pair = await send(
      `${server.url}/api/v1/deployments`,
      'POST',
      { name: 'pair', model: 'pair', version: 1 },
      admin,
    );
    expect(pair.status).to.equal(201);
    const bad = await send(
      `${server.url}/api/v1/deployments`,
      'POST',
      { name: 'other', model: 'churn', version: 1, backend_options: { threads: 2 } },
      admin,
    );
    expect(bad.status).to.equal(400);
    expect(bad.body).to.deep.include({
      error_code: 'INVALID_ARGUMENT',
      message: 'backendOptions must NOT have additional properties (threads) for backend "onnx"',
    });
    expect((bad.body as { details: { field: string } }).details.field).to.equal('backend_options');
  });

  it('lists, reads, updates, rolls back and shows revisions over REST', async () => {
    const list = await send(`${server.url}/api/v1/deployments?environment=staging`, 'GET', undefined, reader);
    expect((list.body as { deployments: { name: string }[] }).deployments.map((d) => d.name)).to.deep.equal([
      'churn-api',
    ]);
    await registerOnnxModel(server, 'churn', logisticRegressionModel([0, 0, 0], 3));
    const patched = await send(`${server.url}/api/v1/deployments/churn-api`, 'PATCH', { version: 2 }, admin);
    expect(patched.status).to.equal(200);
    expect((patched.body as { deployment: object }).deployment).to.deep.include({
      revision: 2,
      version: 2,
      reason: 'updated',
    });
    const back = await send(`${server.url}/api/v1/deployments/churn-api/rollback`, 'POST', {}, admin);
    expect((back.body as { deployment: object }).deployment).to.deep.include({
      revision: 3,
      version: 1,
      reason: 'rollback to revision 1',
    });
    const revisions = await send(
      `${server.url}/api/v1/deployments/churn-api/revisions`,
      'GET',
      undefined,
      reader,
    );
    expect(
      (revisions.body as { revisions: { revision: number; version: number }[] }).revisions.map((r) => [
        r.revision,
        r.version,
      ]),
    ).to.deep.equal([
      [1, 1],
      [2, 2],
      [3, 1],
    ]);
    const tooFar = await send(
      `${server.url}/api/v1/deployments/churn-api/rollback`,
      'POST',
      { to_revision: 3 },
      admin,
    );
    expect(tooFar.status).to.equal(400);
    expect(tooFar.body).to.deep.include({
      message: 'toRevision must be below the current revision 3, not 3',
    });
    expect((tooFar.body as { details: { field: string } }).details.field).to.equal('to_revision');
    const missing = await send(`${server.url}/api/v1/deployments/nope`, 'GET', undefined, reader);
    expect(missing.status).to.equal(404);
    expect(missing.body).to.deep.include({ message: 'deployment "nope" does not exist' });
  });

  it('answers the KServe health, metadata and readiness endpoints', async () => {
    expect((await send(`${server.url}/v2/health/live`)).body).to.deep.equal({ live: true });
    const ready = await send(`${server.url}/v2/health/ready`);
    expect([ready.status, ready.body]).to.deep.equal([200, { ready: true }]);
    const meta = await send(`${v2}/churn-api`, 'GET', undefined, reader);
    expect(meta.body).to.deep.equal({
      name: 'churn-api',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
    });
    expect((await send(`${v2}/churn-api/versions/1`, 'GET', undefined, reader)).status).to.equal(200);
    const wrong = await send(`${v2}/churn-api/versions/2`, 'GET', undefined, reader);
    expect([wrong.status, wrong.body]).to.deep.equal([
      404,
      {
        error: 'deployment "churn-api" serves version 1, not version 2',
        error_code: 'NotFound',
        details: { field: 'version' },
      },
    ]);
    const modelReady = await send(`${v2}/churn-api/ready`, 'GET', undefined, reader);
    expect(modelReady.body).to.deep.equal({ name: 'churn-api', ready: true });
    expect((await send(`${v2}/churn-api`)).status).to.equal(401);
  });

  it('infers over KServe v2, flat or nested data, with the outputs asked for', async () => {
    const rows = [
      [1, 2, 3],
      [-1, 0, 0.5],
    ];
    const flat = await send(
      `${v2}/churn-api/infer`,
      'POST',
      { id: 'req-7', inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP32', data: rows.flat() }] },
      reader,
    );
    expect(flat.status).to.equal(200);
    const body = flat.body as { outputs: { data: number[] }[] };
    expect(flat.body).to.deep.include({ model_name: 'churn-api', model_version: '1', id: 'req-7' });
    expect(body.outputs.map((o) => ({ ...o, data: undefined }))).to.deep.equal([
      { name: 'probability', datatype: 'FP32', shape: [2, 1], data: undefined },
    ]);
    for (const [i, row] of rows.entries()) expect(body.outputs[0]!.data[i]).to.be.closeTo(logit(row), 1e-6);
    const nested = await send(
      `${v2}/pair/versions/1/infer`,
      'POST',
      {
        inputs: [
          {
            name: 'a',
            shape: [2, 2],
            datatype: 'FP32',
            data: [
              [1, 2],
              [3, 4],
            ],
          },
          {
            name: 'b',
            shape: [2, 2],
            datatype: 'FP32',
            data: [
              [10, 20],
              [30, 40],
            ],
          },
        ],
        outputs: [{ name: 'product' }],
      },
      reader,
    );
    expect((nested.body as { outputs: unknown[] }).outputs).to.deep.equal([
      { name: 'product', datatype: 'FP32', shape: [2, 2], data: [10, 40, 90, 160] },
    ]);
  });

  it('answers 400 naming the input for bad tensors, and 404 for unknown deployments', async () => {
    const x = { name: 'x', shape: [1, 3], datatype: 'FP32', data: [1, 2, 3] };
    const cases: [string, unknown, string][] = [
      [
        'churn-api',
        { inputs: [{ ...x, shape: [3, 1] }] },
        'input "x" has shape [3, 1], but the model takes [-1, 3]',
      ],
      [
        'churn-api',
        { inputs: [{ ...x, datatype: 'INT32' }] },
        'input "x" has datatype INT32, but the model takes FP32',
      ],
      [
        'churn-api',
        { inputs: [{ ...x, datatype: 'FLOAT' }] },
        'input "x" has datatype "FLOAT", which is not one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES',
      ],
      ['churn-api', { inputs: [{ ...x, data: [1, 2] }] }, 'input "x" has 2 values, but shape [1, 3] holds 3'],
      [
        'pair',
        { inputs: [{ name: 'a', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] },
        'input "b" is missing',
      ],
    ];
    for (const [name, body, error] of cases) {
      const answer = await send(`${v2}/${name}/infer`, 'POST', body, reader);
      expect(answer.status, error).to.equal(400);
      expect((answer.body as { error: string }).error).to.equal(error);
    }
    const schema = await send(`${v2}/churn-api/infer`, 'POST', { inputs: [] }, reader);
    expect(schema.status).to.equal(400);
    const unknown = await send(`${v2}/nope/infer`, 'POST', { inputs: [x] }, reader);
    expect([unknown.status, (unknown.body as { error: string }).error]).to.deep.equal([
      404,
      'deployment "nope" does not exist',
    ]);
  });

  it("answers MLflow's scoring formats at /api/v1/deployments/{name}/invocations", async () => {
    const url = `${server.url}/api/v1/deployments/churn-api/invocations`;
    const rows = [
      [1, 0, 0],
      [0, 1, 2],
    ];
    const expected = rows.map((r) => [logit(r)]);
    const bodies = [
      { dataframe_split: { columns: ['f0', 'f1', 'f2'], data: rows } },
      { dataframe_records: rows.map((r) => ({ f0: r[0], f1: r[1], f2: r[2] })) },
      { instances: rows },
      { inputs: rows },
      { inputs: { x: rows } },
    ];
    for (const body of bodies) {
      const answer = await send(url, 'POST', body, reader);
      expect(answer.status, JSON.stringify(body)).to.equal(200);
      const predictions = (answer.body as { predictions: number[][] }).predictions;
      expect(predictions.length).to.equal(2);
      for (const [i, row] of predictions.entries()) expect(row[0]).to.be.closeTo(expected[i]![0]!, 1e-6);
    }
    const pair = await send(
      `${server.url}/api/v1/deployments/pair/invocations`,
      'POST',
      { dataframe_records: [{ a: [1, 2], b: [3, 4] }] },
      reader,
    );
    expect(pair.body).to.deep.equal({ predictions: { sum: [[4, 6]], product: [[3, 8]] } });
    const none = await send(url, 'POST', { data: rows }, reader);
    expect(none.status).to.equal(400);
    expect(none.body).to.deep.include({
      message: 'the body must have exactly one of dataframe_split, dataframe_records, instances, inputs',
    });
    const missing = await send(
      `${server.url}/api/v1/deployments/pair/invocations`,
      'POST',
      { dataframe_records: [{ a: [1, 2] }] },
      reader,
    );
    expect(missing.status).to.equal(400);
    expect(missing.body).to.deep.include({
      message: 'input "b" is missing: the model has several inputs, so each needs a column of its name',
    });
  });

  it('puts a deployment permission on every serving route but the health probes', () => {
    const routes = server.kernel
      .get(HttpRoutes)
      .list()
      .filter((r: RouteDefinition) => r.path.startsWith('/v2') || r.path.startsWith('/api/v1/deployments'));
    // 20 deployment, experiment and protocol routes, 4 batch-job routes, 7 A/B test routes.
    expect(routes.length).to.equal(31);
    for (const r of routes) {
      if (['/v2', '/v2/health/live', '/v2/health/ready'].includes(r.path))
        expect(r.permission).to.equal('public');
      // The listing is filtered by Auth.readableScope; creating needs READ on the model served.
      else if (r.method === 'GET' && r.path === '/api/v1/deployments')
        expect(r.permission).to.equal('authenticated');
      else if (r.method === 'POST' && r.path === '/api/v1/deployments')
        expect(r.permission).to.deep.include({ action: 'READ', resource: 'registeredModel' });
      else expect((r.permission as { resource: string }).resource, r.path).to.equal('deployment');
    }
  });

  it('deletes over REST (MANAGE), then the model is gone from KServe', async () => {
    expect(
      (await send(`${server.url}/api/v1/deployments/pair`, 'DELETE', undefined, reader)).status,
    ).to.equal(403);
    expect((await send(`${server.url}/api/v1/deployments/pair`, 'DELETE', undefined, admin)).status).to.equal(
      204,
    );
    expect((await send(`${v2}/pair`, 'GET', undefined, reader)).status).to.equal(404);
  });
});
