import { createServer } from 'node:net';
import { HttpServer } from '@mlops/plugin-api';
import { createTestKernel, rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { Agent, Client, request } from 'undici';
import { httpPlugin } from '../src/index.js';
import { call, createGate, routesPlugin, startHttp, testRoutes } from './fixtures.js';

describe('the listening server', () => {
  it('listens on 127.0.0.1 and exposes its URL through the HttpServer port, then forgets it', async () => {
    const s = await startHttp();
    const server = s.kernel.get(HttpServer);
    expect(s.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.openApiPath).to.equal('/api/openapi.json');
    expect(server.docsPath).to.equal('/api/docs');
    expect(s.kernel.logs.some((l) => l.msg === `listening on ${s.url}` && l.url === s.url)).to.equal(true);
    await s.kernel.stop();
    expect(server.url).to.equal(undefined);
  });

  it('fails the start naming the address when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await rejectionOf(createTestKernel({ plugins: [httpPlugin({ port })] }));
      expect((err as Error).message).to.equal(
        `plugin "@mlops/plugin-http" failed in start: cannot listen on 127.0.0.1:${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
      );
    } finally {
      blocker.close();
    }
  });

  it('refuses headersTimeoutMs larger than requestTimeoutMs', async () => {
    const err = await rejectionOf(
      createTestKernel({
        plugins: [httpPlugin({ port: 0, headersTimeoutMs: 20_000, requestTimeoutMs: 10_000 })],
      }),
    );
    expect((err as Error).message).to.equal(
      'plugin "@mlops/plugin-http" failed in setup: headersTimeoutMs (20000) must not be larger than requestTimeoutMs (10000)',
    );
  });

  it('keeps connections alive: one connection serves many requests', async () => {
    const s = await startHttp();
    const client = new Client(s.url);
    let connects = 0;
    client.on('connect', () => connects++);
    try {
      for (let i = 0; i < 20; i++) {
        const res = await client.request({ path: '/healthz', method: 'GET' });
        expect(res.statusCode).to.equal(200);
        expect(res.headers.connection).to.equal('keep-alive');
        await res.body.text();
      }
      expect(connects).to.equal(1);
    } finally {
      await client.close();
      await s.kernel.stop();
    }
  });

  it('holds many concurrent keep-alive connections', async () => {
    const count = 300;
    const gate = createGate();
    let arrived = 0;
    const routes = testRoutes().filter((r) => r.path !== '/slow');
    routes.push({
      method: 'GET',
      path: '/slow',
      summary: 'waits until every request has arrived',
      permission: 'public',
      handler: async () => {
        if (++arrived === count) gate.open();
        await gate.wait;
        return { arrived };
      },
    });
    const s = await startHttp({}, [routesPlugin(routes)]);
    const agent = new Agent({ connections: count, pipelining: 1 });
    try {
      const answers = await Promise.all(
        Array.from({ length: count }, () =>
          request(`${s.url}/slow`, { dispatcher: agent }).then((r) => r.body.json()),
        ),
      );
      // Every request was in a handler at once, so each had a connection of its own.
      expect(answers).to.have.length(count);
      expect(answers.every((a) => (a as { arrived: number }).arrived === count)).to.equal(true);
      const again = await Promise.all(
        Array.from({ length: count }, () =>
          request(`${s.url}/healthz`, { dispatcher: agent }).then((r) => r.statusCode),
        ),
      );
      expect(again.every((code) => code === 200)).to.equal(true);
    } finally {
      await agent.close();
      await s.kernel.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('stops accepting, lets an in-flight request finish before the plugins behind it stop', async () => {
    const gate = createGate();
    const journal: string[] = [];
    const routes = testRoutes().filter((r) => r.path !== '/slow');
    routes.push({
      method: 'GET',
      path: '/slow',
      summary: 'waits at the gate',
      permission: 'public',
      handler: async () => {
        gate.enter();
        await gate.wait;
        journal.push('slow handler returned');
        return { done: true };
      },
    });
    const s = await startHttp({ shutdownTimeoutMs: 5000 }, [
      routesPlugin(routes, 'test-routes', () => journal.push('routes plugin stopped')),
    ]);
    const slow = call(`${s.url}/slow`);
    await gate.entered;
    const stopping = s.kernel.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(s.kernel.state).to.equal('stopping');
    const refused = await rejectionOf(call(`${s.url}/healthz`), 'a request during shutdown');
    expect(JSON.stringify(refused, Object.getOwnPropertyNames(refused))).to.contain('ECONNREFUSED');
    gate.open();
    const answer = await slow;
    expect(answer.status).to.equal(200);
    expect(answer.json).to.deep.equal({ done: true });
    await stopping;
    expect(s.kernel.state).to.equal('stopped');
    expect(journal).to.deep.equal(['slow handler returned', 'routes plugin stopped']);
    expect(s.kernel.logs.some((l) => l.msg?.startsWith('closing the connections'))).to.equal(false);
  });

  it('answers /readyz 503 during the shutdown delay while still serving', async () => {
    const s = await startHttp({ shutdownDelayMs: 400 });
    const stopping = s.kernel.stop();
    await new Promise((r) => setTimeout(r, 50));
    const ready = await call(`${s.url}/readyz`);
    expect(ready.status).to.equal(503);
    expect(ready.json.message).to.equal('not ready: the platform is shutting down');
    expect(ready.headers.connection).to.equal('close');
    expect((await call(`${s.url}/healthz`)).status).to.equal(200);
    await stopping;
  });

  it('closes the connections of requests still running past shutdownTimeoutMs', async () => {
    const gate = createGate();
    const s = await startHttp({ shutdownTimeoutMs: 200 }, [routesPlugin(testRoutes(gate))]);
    const slow = rejectionOf(call(`${s.url}/slow`), 'a request cut by the shutdown');
    await gate.entered;
    const t0 = Date.now();
    await s.kernel.stop();
    const took = Date.now() - t0;
    expect(took).to.be.within(150, 3000);
    const err = (await slow) as Error;
    expect(err.message).to.match(/other side closed|socket hang up/);
    const line = s.kernel.logs.find(
      (l) => l.msg === 'closing the connections of 1 requests still running after 200 ms',
    );
    expect(line?.level).to.equal(40);
    gate.open();
  });
});
