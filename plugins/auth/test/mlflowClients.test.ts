import { expect } from 'chai';
import { MlflowClient } from './mlflowClient.js';
import {
  type Answer,
  type AuthServer,
  asAdmin,
  createToken,
  createUser,
  ok,
  startAuthServer,
} from './startAuthServer.js';

function denied(answer: Answer, message: string): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(403);
  expect(answer.body).to.deep.equal({
    error_code: 'PERMISSION_DENIED',
    message,
    details: { reason: 'forbidden' },
  });
}

describe('auth plugin: MLflow clients with Basic credentials and with a bearer token', function () {
  this.timeout(30_000);
  let server: AuthServer;
  let alice: MlflowClient;
  let bob: MlflowClient;
  let experimentId: string;
  let secretId: string;
  let runId: string;
  let secretRunId: string;

  before(async () => {
    server = await startAuthServer();
    alice = new MlflowClient(server, await createUser(server, 'alice'));
    bob = new MlflowClient(server, await createToken(server, await createUser(server, 'bob'), 'mlflow'));
  });
  after(() => server?.stop());

  it('lets a Basic client create its experiment (after a 404 from get-by-name), a run, metrics and artifacts', async () => {
    const missing = await alice.call('GET', '/experiments/get-by-name', { experiment_name: 'alice-exp' });
    expect(missing.status).to.equal(404);
    expect((missing.body as { error_code: string }).error_code).to.equal('RESOURCE_DOES_NOT_EXIST');
    experimentId = ok<{ experiment_id: string }>(
      await alice.call('POST', '/experiments/create', { name: 'alice-exp' }),
    ).experiment_id;
    const run = ok<{ run: { info: { run_id: string; artifact_uri: string } } }>(
      await alice.call('POST', '/runs/create', {
        experiment_id: experimentId,
        start_time: Date.now(),
        tags: [],
      }),
    );
    runId = run.run.info.run_id;
    expect(run.run.info.artifact_uri).to.equal(`mlflow-artifacts:/${experimentId}/${runId}/artifacts`);
    ok(
      await alice.call('POST', '/runs/log-batch', {
        run_id: runId,
        metrics: [{ key: 'acc', value: 0.9, timestamp: Date.now(), step: 0 }],
        params: [{ key: 'lr', value: '0.1' }],
        tags: [],
      }),
    );
    ok(await alice.upload(`${experimentId}/${runId}/artifacts/model.txt`, 'weights'));
    ok(await alice.call('POST', '/runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() }));
    secretId = ok<{ experiment_id: string }>(
      await alice.call('POST', '/experiments/create', { name: 'secret' }),
    ).experiment_id;
    secretRunId = ok<{ run: { info: { run_id: string } } }>(
      await alice.call('POST', '/runs/create', { experiment_id: secretId, start_time: Date.now() }),
    ).run.info.run_id;
    ok(await alice.upload(`${secretId}/${secretRunId}/artifacts/secret.txt`, 'secret'));
    ok(
      await server.call('PUT', `/api/v1/experiments/${secretId}/permissions/users/bob`, {
        as: asAdmin,
        body: { permission: 'NO_PERMISSIONS' },
      }),
    );
  });

  it('lets a bearer client read with the default READ, and nothing more', async () => {
    const run = ok<{ run: { data: { metrics: { key: string }[] } } }>(
      await bob.call('GET', '/runs/get', { run_id: runId }),
    );
    expect(run.run.data.metrics.map((m) => m.key)).to.deep.equal(['acc']);
    expect((await bob.download(`${experimentId}/${runId}/artifacts/model.txt`)).body).to.equal('weights');
    denied(
      await bob.call('POST', '/runs/log-metric', {
        run_id: runId,
        key: 'acc',
        value: 0.1,
        timestamp: 1,
        step: 1,
      }),
      `"bob" may not EDIT run "${runId}"`,
    );
    denied(
      await bob.call('POST', '/experiments/delete', { experiment_id: experimentId }),
      `"bob" may not MANAGE experiment "${experimentId}"`,
    );
    denied(
      await bob.upload(`${experimentId}/${runId}/artifacts/evil.txt`, 'evil'),
      `"bob" may not EDIT experiment "${experimentId}"`,
    );
    denied(
      await bob.multipartCreate(`${experimentId}/${runId}/artifacts`, 'evil.bin'),
      `"bob" may not EDIT experiment "${experimentId}"`,
    );
    denied(
      await bob.call('GET', '/runs/get', { run_id: secretRunId }),
      `"bob" may not READ run "${secretRunId}"`,
    );
    denied(
      await bob.download(`${secretId}/${secretRunId}/artifacts/secret.txt`),
      `"bob" may not READ experiment "${secretId}"`,
    );
  });

  it('lets the creator grant EDIT, after which the bearer client logs but still cannot delete', async () => {
    ok(
      await server.call('PUT', `/api/v1/experiments/${experimentId}/permissions/users/bob`, {
        as: alice.authorization,
        body: { permission: 'EDIT' },
      }),
    );
    ok(
      await bob.call('POST', '/runs/log-metric', {
        run_id: runId,
        key: 'acc',
        value: 0.95,
        timestamp: 2,
        step: 1,
      }),
    );
    ok(await bob.upload(`${experimentId}/${runId}/artifacts/bob.txt`, 'from bob'));
    denied(
      await bob.call('POST', '/experiments/delete', { experiment_id: experimentId }),
      `"bob" may not MANAGE experiment "${experimentId}"`,
    );
  });

  it('refuses an artifact path that names a readable experiment and a run of another (GHSA-8c7q-86fq-vvmh)', async () => {
    const sneaky = await bob.upload(`${experimentId}/${secretRunId}/artifacts/evil.txt`, 'evil');
    expect(sneaky.status).to.equal(404);
    const read = await bob.download(`${experimentId}/${secretRunId}/artifacts/secret.txt`);
    expect(read.status).to.equal(404);
    expect(JSON.stringify(read.body)).to.not.include('"secret"');
    expect((await alice.download(`${secretId}/${secretRunId}/artifacts/evil.txt`)).status).to.equal(404);
  });

  it('gives the creator of a registered model MANAGE, and others the default READ', async () => {
    ok(await bob.call('POST', '/registered-models/create', { name: 'bob-model' }));
    ok(await bob.call('PATCH', '/registered-models/update', { name: 'bob-model', description: 'mine' }));
    const read = ok<{ registered_model: { description: string } }>(
      await alice.call('GET', '/registered-models/get', { name: 'bob-model' }),
    );
    expect(read.registered_model.description).to.equal('mine');
    denied(
      await alice.call('POST', '/registered-models/rename', { name: 'bob-model', new_name: 'alice-model' }),
      '"alice" may not MANAGE registeredModel "bob-model"',
    );
    ok(await bob.call('POST', '/registered-models/rename', { name: 'bob-model', new_name: 'bob-model-2' }));
    // The grants follow the rename.
    ok(await bob.call('DELETE', '/registered-models/delete', { name: 'bob-model-2' }));
  });

  it('answers 401 in MLflow style to a wrong password', async () => {
    const wrong = await new MlflowClient(
      server,
      `Basic ${Buffer.from('alice:nope-nope').toString('base64')}`,
    ).call('GET', '/experiments/get', { experiment_id: experimentId });
    expect(wrong.status).to.equal(401);
    expect(wrong.body).to.deep.equal({
      error_code: 'UNAUTHENTICATED',
      message: 'invalid username or password',
      details: { reason: 'bad_credentials' },
    });
  });
});
