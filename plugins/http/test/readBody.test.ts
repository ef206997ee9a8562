import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { RouteDefinition } from '@mlops/plugin-api';
import { expect } from 'chai';
import { declaresBody } from '../src/readBody.js';
import { call, routesPlugin, type Started, startHttp } from './fixtures.js';

function requestWith(headers: Record<string, string>): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return req;
}

describe('declaresBody', () => {
  it('is false without Content-Length and Transfer-Encoding, or with a zero length', () => {
    expect(declaresBody(requestWith({}))).to.equal(false);
    expect(declaresBody(requestWith({ 'content-length': '0' }))).to.equal(false);
    expect(declaresBody(requestWith({ 'content-type': 'application/json' }))).to.equal(false);
  });

  it('is true with a length or a transfer coding', () => {
    expect(declaresBody(requestWith({ 'content-length': '2' }))).to.equal(true);
    expect(declaresBody(requestWith({ 'transfer-encoding': 'chunked' }))).to.equal(true);
  });
});

describe('bodies of requests without one', () => {
  let s: Started;
  const echo: RouteDefinition[] = [
    {
      method: 'GET',
      path: '/echo',
      summary: 'Echoes the body',
      permission: 'public',
      handler: async ({ body }) => ({ got: body === undefined ? 'none' : body }),
    },
    {
      method: 'DELETE',
      path: '/checked',
      summary: 'A body schema with a default',
      permission: 'public',
      schema: { body: { type: 'object', properties: { force: { type: 'boolean', default: false } } } },
      handler: async ({ body }) => ({ got: body }),
    },
  ];
  before(async () => {
    s = await startHttp({}, [routesPlugin(echo)]);
  });
  after(() => s.kernel.stop());

  it('gives the handler no body for a GET without one, and the body of a GET that sends one', async () => {
    expect((await call(`${s.url}/echo`)).json).to.deep.equal({ got: 'none' });
    const sent = await call(`${s.url}/echo`, {
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(sent.json).to.deep.equal({ got: { a: 1 } });
    expect((await call(`${s.url}/echo`, { headers: { 'content-length': '0' } })).json).to.deep.equal({
      got: 'none',
    });
  });

  it('validates a missing body as {} with defaults, and a sent one as it is', async () => {
    expect((await call(`${s.url}/checked`, { method: 'DELETE' })).json).to.deep.equal({
      got: { force: false },
    });
    const forced = await call(`${s.url}/checked`, { method: 'DELETE', body: '{"force":true}' });
    expect(forced.json).to.deep.equal({ got: { force: true } });
    const bad = await call(`${s.url}/checked`, { method: 'DELETE', body: '{"force":"yes"}' });
    expect(bad.status).to.equal(400);
    expect(bad.json.message).to.equal('body/force must be boolean');
  });
});
