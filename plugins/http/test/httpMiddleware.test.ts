import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FailedPreconditionError, HttpServer } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import Koa from 'koa';
import { httpMiddleware, httpPlugin } from '../src/index.js';
import { call, postJson, routesPlugin } from './fixtures.js';

describe('httpMiddleware (mounted in an existing koa app)', () => {
  let kernel: TestKernel;
  let server: Server;
  let url = '';

  before(async () => {
    kernel = await createTestKernel({ plugins: [httpPlugin({ listen: false }), routesPlugin()] });
    const app = new Koa();
    app.use(httpMiddleware(kernel));
    app.use(async (ctx) => {
      ctx.body = { host: 'own route', path: ctx.path };
    });
    server = createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await kernel.stop();
  });

  it('listens on nothing itself', () => {
    expect(kernel.get(HttpServer).url).to.equal(undefined);
  });

  it("serves the kernel's routes, with validation, errors and headers", async () => {
    expect((await call(`${url}/healthz`)).json).to.deep.equal({ status: 'ok' });
    const invalid = await postJson(`${url}/api/v1/experiments`, {});
    expect(invalid.status).to.equal(400);
    expect(invalid.json.message).to.equal('body/name is required');
    expect(invalid.headers['x-request-id']).to.be.a('string');
    expect((await call(`${url}/api/v1/runs/r1`, { method: 'PUT' })).status).to.equal(405);
  });

  it("leaves other requests to the app's own middleware, untouched", async () => {
    const own = await call(`${url}/dashboard`);
    expect(own.json).to.deep.equal({ host: 'own route', path: '/dashboard' });
    expect(own.headers['x-request-id']).to.equal(undefined);
    expect(own.headers['content-security-policy']).to.equal(undefined);
  });

  it('refuses a kernel without the http plugin', async () => {
    const bare = await createTestKernel({ plugins: [] });
    try {
      expect(() => httpMiddleware(bare)).to.throw(
        FailedPreconditionError,
        'httpMiddleware needs a kernel set up with @mlops/plugin-http (call kernel.setup() or kernel.start() first)',
      );
    } finally {
      await bare.stop();
    }
  });
});
