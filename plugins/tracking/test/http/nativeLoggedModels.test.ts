import { expect } from 'chai';
import { send, type WireAnswer } from './pythonMlflowClient.js';
import { startTrackingServer, type TrackingServer } from './startTrackingServer.js';

describe('native REST API (/api/v1): logged models', function () {
  this.timeout(30_000);
  let server: TrackingServer;
  let modelId: string;
  const api = (method: string, path: string, body?: unknown) =>
    send(`${server.url}/api/v1${path}`, {
      method,
      headers:
        typeof body === 'string' ? {} : body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const expectStatus = (answer: WireAnswer, status: number) => {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    return answer.body as Record<string, unknown>;
  };

  before(async () => {
    server = await startTrackingServer();
  });
  after(() => server.stop());

  it('creates a model (201, Location), uploads, lists and downloads its files', async () => {
    const created = await api('POST', '/logged-models', {
      experiment_id: '0',
      name: 'resnet',
      model_type: 'pytorch',
      params: { lr: '0.01' },
      tags: { team: 'vision' },
    });
    const body = expectStatus(created, 201);
    modelId = body.model_id as string;
    expect(created.headers.get('location')).to.equal(`/api/v1/logged-models/${modelId}`);
    expect(body).to.deep.include({
      experiment_id: '0',
      name: 'resnet',
      artifact_uri: `mlflow-artifacts:/0/models/${modelId}/artifacts`,
      status: 'PENDING',
      model_type: 'pytorch',
      creator_id: 'anonymous',
      params: { lr: '0.01' },
      tags: { team: 'vision' },
      metrics: [],
    });
    const put = await api('PUT', `/logged-models/${modelId}/artifacts/weights/model.pt`, 'tensor bytes');
    expect(expectStatus(put, 201)).to.deep.equal({ path: 'weights/model.pt', is_dir: false, size: 12 });
    expect(put.headers.get('location')).to.equal(
      `/api/v1/logged-models/${modelId}/artifacts/weights/model.pt`,
    );
    expect(expectStatus(await api('GET', `/logged-models/${modelId}/artifacts`), 200)).to.deep.equal({
      files: [{ path: 'weights', is_dir: true }],
    });
    const download = await api('GET', `/logged-models/${modelId}/artifacts/weights/model.pt`);
    expect(download.status).to.equal(200);
    expect(download.body).to.equal('tensor bytes');
    expect((await api('GET', `/logged-models/${modelId}/artifacts/nothing.bin`)).status).to.equal(404);
  });

  it('finalizes and tags with PATCH, searches with filter, order and cursor, and deletes (204)', async () => {
    const patched = expectStatus(
      await api('PATCH', `/logged-models/${modelId}`, { status: 'READY', tags: { stage: 'candidate' } }),
      200,
    );
    expect(patched).to.deep.include({ status: 'READY', tags: { stage: 'candidate', team: 'vision' } });
    expectStatus(await api('POST', '/logged-models', { experiment_id: '0', name: 'vit' }), 201);
    const filtered = expectStatus(
      await api('GET', `/logged-models?experiment_id=0&filter=${encodeURIComponent("status = 'READY'")}`),
      200,
    );
    expect((filtered.logged_models as { name: string }[]).map((m) => m.name)).to.deep.equal(['resnet']);
    const first = expectStatus(
      await api('GET', '/logged-models?experiment_id=0&order_by=name%20ASC&max_results=1'),
      200,
    );
    expect((first.logged_models as { name: string }[]).map((m) => m.name)).to.deep.equal(['resnet']);
    const second = expectStatus(
      await api(
        'GET',
        `/logged-models?experiment_id=0&order_by=name%20ASC&max_results=1&page_token=${first.next_page_token as string}`,
      ),
      200,
    );
    expect((second.logged_models as { name: string }[]).map((m) => m.name)).to.deep.equal(['vit']);
    expect(second.next_page_token).to.equal(undefined);
    expect((await api('DELETE', `/logged-models/${modelId}`)).status).to.equal(204);
    expect((await api('GET', `/logged-models/${modelId}`)).status).to.equal(404);
  });

  it('refuses bad input by field and changes nothing', async () => {
    const unknown = await api('POST', '/logged-models', { experiment_id: '0', nmae: 'typo' });
    expect(unknown.status).to.equal(400);
    expect((unknown.body as { message: string }).message).to.match(/nmae/);
    const other = expectStatus(await api('POST', '/logged-models', { experiment_id: '0', name: 'x' }), 201);
    const pending = await api('PATCH', `/logged-models/${other.model_id as string}`, { status: 'PENDING' });
    expect(pending.status).to.equal(400);
    expect((pending.body as { details: { field: string } }).details.field).to.equal('body/status');
    expect(expectStatus(await api('GET', `/logged-models/${other.model_id as string}`), 200).status).to.equal(
      'PENDING',
    );
    expect((await api('GET', '/logged-models')).status).to.equal(400);
  });
});
