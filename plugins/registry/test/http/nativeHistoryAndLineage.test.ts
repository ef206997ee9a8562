import { expect } from 'chai';
import { datasetInput, logTrainingRun } from '../trainingRun.js';
import { type RegistryServer, send, startRegistryServer } from './registryServer.js';

describe('native API: history, version-at, lineage, model cards and model URIs', () => {
  let server: RegistryServer;
  let since: number;
  let runId: string;
  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    send(`${server.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      ...(init.body === undefined
        ? {}
        : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(init.body) }),
    });
  beforeEach(async () => {
    since = Date.now();
    server = await startRegistryServer();
    runId = await logTrainingRun(server.tracking, server.kernel.call, {
      metrics: { val_auc: [0.8, 0.91] },
      params: { depth: '6' },
      datasets: [datasetInput('customers', 'd1g35t', 'train')],
    });
    await api('/models/churn/versions', {
      method: 'POST',
      body: { source: `runs:/${runId}/model`, run_id: runId },
    });
    await api('/models/churn/versions', { method: 'POST', body: { source: 's3://models/churn/2' } });
    await api('/models/churn/versions/1/stage', {
      method: 'POST',
      body: { stage: 'Production', reason: 'launch' },
    });
    await api('/models/churn/aliases/champion', { method: 'PUT', body: { version: 1 } });
    await api('/models/churn/aliases/champion', { method: 'PUT', body: { version: 2, reason: 'retrained' } });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('GET .../history lists every change, oldest first, paged and narrowed', async () => {
    const answer = await api('/models/churn/history');
    expect(answer.status).to.equal(200);
    const body = answer.body as { records: { id: number; at: number }[]; next_page_token?: string };
    expect(body.next_page_token).to.equal(undefined);
    for (const r of body.records) expect(r.at).to.be.within(since, Date.now());
    expect(body.records.map(({ id: _id, at: _at, ...rest }) => rest)).to.deep.equal([
      {
        model: 'churn',
        kind: 'stage',
        version: 1,
        from: 'None',
        to: 'Production',
        reason: 'launch',
        principal: 'anonymous',
      },
      {
        model: 'churn',
        kind: 'alias',
        version: 1,
        alias: 'champion',
        from: 'None',
        to: 'v1',
        principal: 'anonymous',
      },
      {
        model: 'churn',
        kind: 'alias',
        version: 2,
        alias: 'champion',
        from: 'v1',
        to: 'v2',
        reason: 'retrained',
        principal: 'anonymous',
      },
    ]);
    const first = await api('/models/churn/history?max_results=2');
    const firstBody = first.body as { records: unknown[]; next_page_token: string };
    expect(firstBody.records).to.have.length(2);
    const rest = await api(`/models/churn/history?max_results=2&page_token=${firstBody.next_page_token}`);
    expect((rest.body as { records: { to: string }[] }).records.map((r) => r.to)).to.deep.equal(['v2']);
    const aliasOnly = await api('/models/churn/history?kind=alias&version=2');
    expect((aliasOnly.body as { records: unknown[] }).records).to.have.length(1);
    const badKind = await api('/models/churn/history?kind=rename');
    expect(badKind.status).to.equal(400);
    expect((badKind.body as { details: { field: string } }).details.field).to.equal('query/kind');
  });

  it('GET .../history/version-at answers which version held a stage or an alias at a time', async () => {
    const now = Date.now();
    const production = await api(`/models/churn/history/version-at?target=Production&timestamp=${now}`);
    expect(production.body).to.deep.equal({
      name: 'churn',
      target: 'Production',
      timestamp: now,
      version: 1,
    });
    const champion = await api(`/models/churn/history/version-at?target=%40champion&timestamp=${now}`);
    expect((champion.body as { version: number }).version).to.equal(2);
    const before = await api(`/models/churn/history/version-at?target=Production&timestamp=${since - 1}`);
    expect((before.body as { version: null }).version).to.equal(null);
    const bad = await api(`/models/churn/history/version-at?target=Prod&timestamp=${now}`);
    expect(bad.status).to.equal(400);
    expect((bad.body as { details: { field: string } }).details.field).to.equal('target');
    const missing = await api('/models/churn/history/version-at?target=Production');
    expect(missing.status).to.equal(400);
    expect((missing.body as { message: string }).message).to.equal('query/timestamp is required');
  });

  it('GET .../lineage answers the source run and its datasets', async () => {
    const answer = await api('/models/churn/versions/1/lineage');
    expect(answer.status).to.equal(200);
    const body = answer.body as { run: { start_time: number; end_time: number } };
    expect(answer.body).to.deep.equal({
      name: 'churn',
      version: 1,
      source: `runs:/${runId}/model`,
      run_id: runId,
      run: {
        run_name: 'train',
        experiment_id: (await server.tracking.getRun(runId, server.kernel.call)).info.experimentId,
        status: 'FINISHED',
        start_time: body.run.start_time,
        end_time: body.run.end_time,
      },
      datasets: [
        {
          dataset: {
            name: 'customers',
            digest: 'd1g35t',
            source_type: 'local',
            source: JSON.stringify({ uri: '/data/customers.csv' }),
          },
          tags: { 'mlflow.data.context': 'train' },
        },
      ],
    });
    const none = await api('/models/churn/versions/2/lineage');
    expect(none.body).to.deep.equal({
      name: 'churn',
      version: 2,
      source: 's3://models/churn/2',
      datasets: [],
    });
  });

  it('GET .../card answers the model card as markdown', async () => {
    const answer = await api('/models/churn/versions/1/card');
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.equal('text/markdown; charset=utf-8');
    const card = await server.registry.modelCard({ model: 'churn', version: 1 }, server.kernel.call);
    expect(answer.text).to.equal(card.markdown);
    expect(answer.text).to.include('val_auc');
    expect((await api('/models/churn/versions/9/card')).status).to.equal(404);
  });

  it('GET /model-uris/resolve resolves aliases, stages, latest and numbers', async () => {
    const cases: [string, number][] = [
      ['models:/churn@champion', 2],
      ['models:/churn/production', 1],
      ['models:/churn/latest', 2],
      ['models:/churn/1', 1],
    ];
    for (const [uri, version] of cases) {
      const answer = await api(`/model-uris/resolve?uri=${encodeURIComponent(uri)}`);
      expect(answer.status, uri).to.equal(200);
      expect(answer.body, uri).to.include({ name: 'churn', version });
      expect(answer.headers.get('content-location')).to.equal(`/api/v1/models/churn/versions/${version}`);
      expect(answer.headers.get('etag')).to.match(/^"\d+"$/);
    }
    const unknownAlias = await api(`/model-uris/resolve?uri=${encodeURIComponent('models:/churn@shadow')}`);
    expect(unknownAlias.status).to.equal(404);
    expect(unknownAlias.body).to.deep.equal({
      error_code: 'NOT_FOUND',
      message: 'registered model "churn" has no alias "shadow"',
      details: { field: 'uri' },
    });
    const notAUri = await api('/model-uris/resolve?uri=runs%3A%2Fabc');
    expect(notAUri.status).to.equal(400);
    expect((notAUri.body as { details: { field: string } }).details.field).to.equal('uri');
  });
});
