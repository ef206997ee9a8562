import { expect } from 'chai';
import { type RegistryServer, scrubTimes, send, startRegistryServer, T } from './registryServer.js';

describe('native API: /api/v1/models', () => {
  let server: RegistryServer;
  let since: number;
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
  });
  afterEach(async () => {
    await server.stop();
  });

  it('POST creates a model: 201, Location, the model whole', async () => {
    const answer = await api('/models', {
      method: 'POST',
      body: { name: 'churn model', description: 'who leaves', tags: { team: 'risk' } },
    });
    expect(answer.status).to.equal(201);
    expect(answer.headers.get('location')).to.equal('/api/v1/models/churn%20model');
    expect(scrubTimes(answer.body, since)).to.deep.equal({
      name: 'churn model',
      description: 'who leaves',
      creation_timestamp: T,
      last_updated_timestamp: T,
      user_id: 'anonymous',
      lifecycle_stage: 'active',
      tags: { team: 'risk' },
      aliases: {},
      latest_versions: [],
    });
    const got = await api('/models/churn%20model');
    expect(got.status).to.equal(200);
    expect(scrubTimes(got.body, since)).to.deep.equal(scrubTimes(answer.body, since));
  });

  it('answers 409 ALREADY_EXISTS for a taken name and 404 NOT_FOUND for an unknown one', async () => {
    await api('/models', { method: 'POST', body: { name: 'churn' } });
    const taken = await api('/models', { method: 'POST', body: { name: 'churn' } });
    expect(taken.status).to.equal(409);
    expect(taken.body).to.deep.equal({
      error_code: 'ALREADY_EXISTS',
      message: 'registered model "churn" already exists',
      details: { field: 'name' },
    });
    const unknown = await api('/models/ghost');
    expect(unknown.status).to.equal(404);
    expect(unknown.body).to.deep.equal({
      error_code: 'NOT_FOUND',
      message: 'registered model "ghost" does not exist',
      details: { field: 'name' },
    });
  });

  it('PATCH sets the description, or renames (Content-Location), but not both at once', async () => {
    await api('/models', { method: 'POST', body: { name: 'churn' } });
    const described = await api('/models/churn', { method: 'PATCH', body: { description: 'v2' } });
    expect(described.status).to.equal(200);
    expect((described.body as { description: string }).description).to.equal('v2');
    const renamed = await api('/models/churn', { method: 'PATCH', body: { name: 'attrition' } });
    expect(renamed.status).to.equal(200);
    expect(renamed.headers.get('content-location')).to.equal('/api/v1/models/attrition');
    expect((renamed.body as { name: string }).name).to.equal('attrition');
    expect((await api('/models/churn')).status).to.equal(404);
    const both = await api('/models/attrition', { method: 'PATCH', body: { name: 'x', description: 'y' } });
    expect(both.status).to.equal(400);
    expect(both.body).to.deep.equal({
      error_code: 'INVALID_ARGUMENT',
      message: 'name: rename and set the description in two requests, not one',
      details: { field: 'name' },
    });
    const empty = await api('/models/attrition', { method: 'PATCH', body: {} });
    expect(empty.status).to.equal(400);
    expect((await server.registry.getModel('attrition', server.kernel.call)).description).to.equal('v2');
  });

  it('DELETE answers 204 and hides the model; restore brings it back; view_type shows it', async () => {
    await api('/models', { method: 'POST', body: { name: 'churn' } });
    const deleted = await api('/models/churn', { method: 'DELETE' });
    expect(deleted.status).to.equal(204);
    expect(deleted.text).to.equal('');
    expect((await api('/models/churn')).status).to.equal(404);
    const listed = await api('/models?view_type=DELETED_ONLY');
    const models = (
      listed.body as { models: { name: string; lifecycle_stage: string; deleted_timestamp: number }[] }
    ).models;
    expect(models.map((m) => [m.name, m.lifecycle_stage])).to.deep.equal([['churn', 'deleted']]);
    expect(models[0]!.deleted_timestamp).to.be.at.least(since);
    const restored = await api('/models/churn/restore', { method: 'POST' });
    expect(restored.status).to.equal(200);
    expect((restored.body as { lifecycle_stage: string }).lifecycle_stage).to.equal('active');
    expect((await api('/models/churn')).status).to.equal(200);
  });

  it('PUT and DELETE tags/:key (a / percent-encoded) answer 204', async () => {
    await api('/models', { method: 'POST', body: { name: 'churn' } });
    const put = await api('/models/churn/tags/owner%2Fteam', { method: 'PUT', body: { value: 'risk' } });
    expect(put.status).to.equal(204);
    expect((await server.registry.getModel('churn', server.kernel.call)).tags).to.deep.equal({
      'owner/team': 'risk',
    });
    const noValue = await api('/models/churn/tags/owner', { method: 'PUT', body: {} });
    expect(noValue.status).to.equal(400);
    expect((noValue.body as { message: string }).message).to.equal('body/value is required');
    const deleted = await api('/models/churn/tags/owner%2Fteam', { method: 'DELETE' });
    expect(deleted.status).to.equal(204);
    expect((await server.registry.getModel('churn', server.kernel.call)).tags).to.deep.equal({});
  });

  it('GET /models pages with a cursor (page_token / next_page_token) through filtered results', async () => {
    for (const name of ['b', 'a', 'x', 'c', 'd']) await api('/models', { method: 'POST', body: { name } });
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ filter: "name != 'x'", max_results: '2', order_by: 'name ASC' });
      if (token !== undefined) query.set('page_token', token);
      const answer = await api(`/models?${query}`);
      expect(answer.status).to.equal(200);
      const body = answer.body as { models: { name: string }[]; next_page_token?: string };
      pages.push(body.models.map((m) => m.name));
      token = body.next_page_token;
    } while (token !== undefined);
    expect(pages).to.deep.equal([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    const badToken = await api('/models?page_token=abc');
    expect(badToken.status).to.equal(400);
    expect(badToken.body).to.deep.equal({
      error_code: 'INVALID_ARGUMENT',
      message: 'page_token "abc" is not a page token',
      details: { field: 'page_token' },
    });
    const badView = await api('/models?view_type=SOME');
    expect(badView.status).to.equal(400);
    expect((badView.body as { message: string }).message).to.equal(
      'query/view_type must be one of "ACTIVE_ONLY", "DELETED_ONLY", "ALL"',
    );
  });
});
