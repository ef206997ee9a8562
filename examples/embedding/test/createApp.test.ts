import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { type App, createApp } from '../src/index.js';

describe('embedding the kernel in a koa service', () => {
  let app: App;
  let server: Server;
  let base: string;

  before(async () => {
    app = await createApp({ databaseUrl: 'sqlite::memory:' });
    server = app.koa.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  });

  const post = (body: unknown) =>
    fetch(`${base}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('writes and reads through the kernel Database port from its own routes', async () => {
    expect((await post({ model: 'churn', score: 0.5 })).status).to.equal(201);
    expect((await post({ model: 'churn', score: 1 })).status).to.equal(201);
    const res = await fetch(`${base}/feedback/churn`);
    expect(await res.json()).to.deep.equal({ model: 'churn', count: 2, mean: 0.75 });
  });

  it('answers bad input with a 400 naming the field, and stores nothing', async () => {
    const res = await post({ model: 'fraud', score: 'high' });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.equal('field "score" must be a number');
    expect(await (await fetch(`${base}/feedback/fraud`)).json()).to.deep.equal({
      model: 'fraud',
      count: 0,
      mean: null,
    });
  });

  const send = (method: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('tracks a training run and serves its model through the registry, in-process', async () => {
    const trained = await send('POST', '/training-runs', {
      experiment: 'churn-training',
      params: { lr: '0.01' },
      metrics: { val_auc: 0.93 },
    });
    expect(trained.status).to.equal(201);
    const { runId } = (await trained.json()) as { runId: string };
    const registered = await send('POST', '/models/churn/versions', { runId });
    expect(await registered.json()).to.deep.equal({ model: 'churn', version: 1 });
    expect((await send('PUT', '/models/churn/champion', { version: 1 })).status).to.equal(204);
    const champion = await fetch(`${base}/models/churn/champion`);
    expect(await champion.json()).to.deep.equal({
      model: 'churn',
      version: 1,
      runId,
      metrics: { val_auc: 0.93 },
    });
  });

  it('maps the platform errors to HTTP statuses naming the field', async () => {
    const missing = await fetch(`${base}/models/nope/champion`);
    expect(missing.status).to.equal(404);
    const badRun = await send('POST', '/models/churn/versions', { runId: 'not-a-run' });
    expect(badRun.status).to.equal(404);
    expect(((await badRun.json()) as { field?: string }).field).to.equal('runId');
  });
});
