import { randomBytes } from 'node:crypto';
import { sharedPostgres } from '@mlops/test-servers';
import { expect } from 'chai';
import {
  finishedRun,
  mlflowClient,
  type RegistryServer,
  send,
  startRegistryServer,
} from './registryServer.js';

describe('registry routes on PostgreSQL (smoke)', function () {
  this.timeout(600_000); // a fresh machine installs PostgreSQL first
  let server: RegistryServer;
  before(async () => {
    const { url } = await sharedPostgres();
    server = await startRegistryServer({
      store: { url, schema: `registry_http_${randomBytes(5).toString('hex')}` },
    });
  });
  after(async () => {
    await server?.stop();
  });

  it('registers as the MLflow client does, then promotes and pages through the native API', async () => {
    const mlflow = mlflowClient(server.url);
    const { runId, artifactUri } = await finishedRun(server.tracking, server.kernel.call);
    for (let i = 0; i < 3; i++) {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const created = await mlflow.post('/model-versions/create', {
        name: 'churn',
        source: `${artifactUri}/model`,
        run_id: runId,
      });
      expect(created.status).to.equal(200);
      expect((created.body as { model_version: object }).model_version).to.include({
        version: String(i + 1),
        status: 'READY',
        run_id: runId,
      });
    }
    const taken = await mlflow.post('/registered-models/create', { name: 'churn' });
    expect(taken.status).to.equal(400);
    expect((taken.body as { error_code: string }).error_code).to.equal('RESOURCE_ALREADY_EXISTS');
    await mlflow.post('/registered-models/alias', { name: 'churn', alias: 'champion', version: '2' });
    const byAlias = await mlflow.get('/registered-models/alias', { name: 'churn', alias: 'champion' });
    expect((byAlias.body as { model_version: { version: string } }).model_version.version).to.equal('2');

    const stale = await send(`${server.url}/api/v1/models/churn/versions/2/stage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'If-Match': '"1"' },
      body: JSON.stringify({ stage: 'Production' }),
    });
    expect(stale.status).to.equal(409);
    expect((stale.body as { message: string }).message).to.equal(
      'model version churn/2 is at revision 2, not 1',
    );
    const promoted = await send(`${server.url}/api/v1/models/churn/versions/2/stage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'If-Match': '"2"' },
      body: JSON.stringify({ stage: 'Production' }),
    });
    expect(promoted.status).to.equal(200);
    expect(promoted.headers.get('etag')).to.equal('"3"');

    const first = await send(
      `${server.url}/api/v1/models/churn/versions?max_results=2&order_by=version_number+DESC`,
    );
    const page = first.body as { versions: { version: number }[]; next_page_token: string };
    expect(page.versions.map((v) => v.version)).to.deep.equal([3, 2]);
    const second = await send(
      `${server.url}/api/v1/models/churn/versions?max_results=2&order_by=version_number+DESC&page_token=${page.next_page_token}`,
    );
    expect((second.body as { versions: { version: number }[] }).versions.map((v) => v.version)).to.deep.equal(
      [1],
    );
  });
});
