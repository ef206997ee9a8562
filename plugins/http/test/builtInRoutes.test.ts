import { Auth, definePlugin, HttpServer, UnauthenticatedError } from '@mlops/plugin-api';
import { createTestKernel } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { httpPlugin } from '../src/index.js';
import { call, createGate, type Started, startHttp } from './fixtures.js';

describe('probes and metrics', () => {
  it('answers /readyz 503 until every plugin has started, while /healthz is 200 throughout', async () => {
    const gate = createGate();
    let url = '';
    const slowStarter = definePlugin({
      name: 'slow-starter',
      version: '1.0.0',
      apiVersion: '^0.1.0',
      requires: [HttpServer],
      setup() {},
      async start(ctx) {
        url = ctx.get(HttpServer).url!;
        gate.enter();
        await gate.wait;
      },
    })();
    const starting = createTestKernel({ plugins: [httpPlugin({ port: 0 }), slowStarter] });
    await gate.entered;
    const early = await call(`${url}/readyz`);
    expect(early.status).to.equal(503);
    expect(early.json).to.deep.equal({
      error_code: 'UNAVAILABLE',
      message: 'not ready: the platform is starting',
      details: { reason: 'starting' },
    });
    expect((await call(`${url}/healthz`)).json).to.deep.equal({ status: 'ok' });
    gate.open();
    const kernel = await starting;
    try {
      const ready = await call(`${url}/readyz`);
      expect(ready.status).to.equal(200);
      expect(ready.json).to.deep.equal({ status: 'ready' });
    } finally {
      await kernel.stop();
    }
  });

  describe('/metrics', () => {
    let s: Started;
    before(async () => {
      s = await startHttp();
    });
    after(() => s.kernel.stop());

    it('counts requests and latencies by route template, never by raw URL, beside process metrics', async () => {
      await call(`${s.url}/api/v1/runs/abc`);
      await call(`${s.url}/api/v1/runs/def`);
      await call(`${s.url}/api/v1/runs/UPPER`);
      await call(`${s.url}/no/such/route/123`);
      await new Promise((r) => setTimeout(r, 20));
      const res = await call(`${s.url}/metrics`);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
      expect(res.text).to.contain(
        'http_requests_total{method="GET",route="/api/v1/runs/:runId",status="200"} 2',
      );
      expect(res.text).to.contain(
        'http_requests_total{method="GET",route="/api/v1/runs/:runId",status="400"} 1',
      );
      expect(res.text).to.contain('http_requests_total{method="GET",route="(unmatched)",status="404"} 1');
      expect(res.text).to.match(
        /http_request_duration_seconds_bucket\{le="0\.001",method="GET",route="\/api\/v1\/runs\/:runId",status="200"\} \d/,
      );
      expect(res.text).to.contain(
        'http_request_duration_seconds_count{method="GET",route="/api/v1/runs/:runId",status="200"} 2',
      );
      expect(res.text).not.to.contain('abc');
      expect(res.text).not.to.contain('/no/such');
      expect(res.text).to.contain('process_cpu_user_seconds_total');
      expect(res.text).to.contain('mlops_plugins_loaded 2');
    });
  });

  it('puts /metrics behind authentication when asked', async () => {
    const denyAll = definePlugin({
      name: 'deny-all',
      version: '1.0.0',
      apiVersion: '^0.1.0',
      provides: [Auth],
      setup(ctx) {
        ctx.provide(Auth, {
          authenticate: async () => {
            throw new UnauthenticatedError('no credentials accepted here');
          },
          authorize: async () => false,
          readableScope: async () => ({ kind: 'only', ids: [] }),
        });
      },
    })();
    const s = await startHttp({ metricsPermission: 'authenticated' }, [denyAll]);
    try {
      expect((await call(`${s.url}/metrics`)).status).to.equal(401);
      expect((await call(`${s.url}/healthz`)).status).to.equal(200);
      expect((await call(`${s.url}/api/openapi.json`)).status).to.equal(200);
    } finally {
      await s.kernel.stop();
    }
  });
});
