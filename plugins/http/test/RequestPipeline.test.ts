import { expect } from 'chai';
import { call, type Started, startHttp } from './fixtures.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request pipeline', () => {
  describe('without CORS', () => {
    let s: Started;
    before(async () => {
      s = await startHttp();
    });
    after(() => s.kernel.stop());

    it('takes a sane x-request-id, echoes it, and puts it in the call context', async () => {
      const res = await call(`${s.url}/context`, { headers: { 'x-request-id': 'client-42.a:b' } });
      expect(res.headers['x-request-id']).to.equal('client-42.a:b');
      expect(res.json.call).to.deep.equal({
        principal: { id: 'anonymous', kind: 'anonymous', roles: [] },
        tenant: 'default',
        requestId: 'client-42.a:b',
      });
    });

    it('makes a request id when none is sent or the one sent is not sane', async () => {
      const none = await call(`${s.url}/context`);
      expect(none.headers['x-request-id']).to.match(uuid);
      const insane = await call(`${s.url}/context`, { headers: { 'x-request-id': 'a b<script>' } });
      expect(insane.headers['x-request-id']).to.match(uuid);
      const long = await call(`${s.url}/context`, { headers: { 'x-request-id': 'x'.repeat(129) } });
      expect(long.headers['x-request-id']).to.match(uuid);
    });

    it('gives each request its own child scope', async () => {
      const first = await call(`${s.url}/context`, { headers: { 'x-request-id': 'first' } });
      const second = await call(`${s.url}/context`, { headers: { 'x-request-id': 'second' } });
      expect([first.json.before, first.json.after]).to.deep.equal([null, 'first']);
      expect([second.json.before, second.json.after]).to.deep.equal([null, 'second']);
    });

    it('sets the security headers, also on errors', async () => {
      for (const path of ['/healthz', '/nowhere']) {
        const res = await call(`${s.url}${path}`);
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        expect(res.headers['x-frame-options']).to.equal('DENY');
        expect(res.headers['referrer-policy']).to.equal('no-referrer');
        expect(res.headers['cache-control']).to.equal('no-store');
        expect(res.headers['content-security-policy']).to.contain("default-src 'none'");
        expect(res.headers['content-security-policy']).to.contain("frame-ancestors 'none'");
      }
    });

    it('writes one access-log line per request with the route template, never the authorization', async () => {
      await call(`${s.url}/api/v1/runs/r77?max_results=5`, {
        headers: { 'x-request-id': 'log-1', authorization: 'Bearer super-secret-token' },
      });
      await new Promise((r) => setTimeout(r, 20));
      const lines = s.kernel.logs.filter((l) => l.requestId === 'log-1');
      expect(lines).to.have.length(1);
      const line = lines[0]!;
      expect(line).to.include({
        level: 30,
        plugin: '@mlops/plugin-http',
        method: 'GET',
        route: '/api/v1/runs/:runId',
        status: 200,
        ip: '127.0.0.1',
        principal: 'anonymous',
      });
      expect(line.ms).to.be.a('number');
      expect(line.msg).to.match(/^GET \/api\/v1\/runs\/:runId 200 \d+ms$/);
      expect(JSON.stringify(s.kernel.logs)).not.to.contain('super-secret-token');
      expect(JSON.stringify(s.kernel.logs)).not.to.contain('r77');
    });

    it('logs each request of a route with its own fields, in the order of a line logged at once', async () => {
      await call(`${s.url}/api/v1/runs/r1`, { headers: { 'x-request-id': 'order-1' } });
      await call(`${s.url}/api/v1/runs/UPPER`, { headers: { 'x-request-id': 'order-2' } });
      await call(`${s.url}/no/such/thing`, { method: 'DELETE', headers: { 'x-request-id': 'order-3' } });
      await call(`${s.url}/no/such/other`, { headers: { 'x-request-id': 'order-4' } });
      await new Promise((r) => setTimeout(r, 20));
      const byId = (id: string) => s.kernel.logs.filter((l) => l.requestId === id);
      expect(byId('order-4')[0]).to.include({ method: 'GET', route: '(unmatched)', status: 404 });
      const [ok] = byId('order-1');
      const [bad] = byId('order-2');
      const [unmatched] = byId('order-3');
      expect(Object.keys(ok!)).to.deep.equal([
        'level',
        'time',
        'pid',
        'hostname',
        'plugin',
        'method',
        'route',
        'status',
        'ms',
        'requestId',
        'ip',
        'principal',
        'msg',
      ]);
      expect(ok).to.include({
        method: 'GET',
        route: '/api/v1/runs/:runId',
        status: 200,
        principal: 'anonymous',
      });
      expect(bad).to.include({
        method: 'GET',
        route: '/api/v1/runs/:runId',
        status: 400,
        requestId: 'order-2',
      });
      expect(bad!.msg).to.match(/^GET \/api\/v1\/runs\/:runId 400 \d+ms$/);
      // No route, so no principal was ever identified.
      expect(Object.keys(unmatched!)).not.to.include('principal');
      expect(unmatched).to.include({ method: 'DELETE', route: '(unmatched)', status: 404, ip: '127.0.0.1' });
      expect(unmatched!.msg).to.match(/^DELETE \(unmatched\) 404 \d+ms$/);
    });

    it('sends no CORS headers when CORS is not configured', async () => {
      const res = await call(`${s.url}/healthz`, { headers: { origin: 'https://app.example.com' } });
      expect(res.headers['access-control-allow-origin']).to.equal(undefined);
    });
  });

  describe('with CORS', () => {
    let s: Started;
    before(async () => {
      s = await startHttp({
        cors: { origins: ['https://app.example.com'], credentials: true, maxAgeSeconds: 60 },
      });
    });
    after(() => s.kernel.stop());

    it('allows a configured origin, with credentials, and answers its preflight', async () => {
      const res = await call(`${s.url}/api/v1/runs/r1`, { headers: { origin: 'https://app.example.com' } });
      expect(res.headers['access-control-allow-origin']).to.equal('https://app.example.com');
      expect(res.headers['access-control-allow-credentials']).to.equal('true');
      expect(res.headers['access-control-expose-headers']).to.contain('X-Request-Id');
      expect(res.headers.vary).to.equal('Origin');
      const preflight = await call(`${s.url}/api/v1/runs/r1`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example.com',
          'access-control-request-method': 'DELETE',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.status).to.equal(204);
      expect(preflight.headers['access-control-allow-methods']).to.equal('GET, HEAD, DELETE');
      expect(preflight.headers['access-control-allow-headers']).to.equal('authorization,content-type');
      expect(preflight.headers['access-control-max-age']).to.equal('60');
    });

    it('gives another origin no CORS headers', async () => {
      const res = await call(`${s.url}/api/v1/runs/r1`, { headers: { origin: 'https://evil.example.com' } });
      expect(res.status).to.equal(200);
      expect(res.headers['access-control-allow-origin']).to.equal(undefined);
    });
  });
});
