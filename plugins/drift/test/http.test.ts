import { Auth, definePlugin, HttpServer, type Principal, UnauthenticatedError } from '@mlops/plugin-api';
import type { TestKernel } from '@mlops/plugin-api/testing';
import { httpPlugin } from '@mlops/plugin-http';
import { expect } from 'chai';
import { shiftedNormalStream } from './detectorsStreams.js';
import { type MonitoringHome, monitoringHome } from './monitoringKernel.js';

/** An Auth provider that lets `reader` READ and `editor` do anything, on registeredModel only. */
const testAuthPlugin = definePlugin({
  name: 'test-auth',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  provides: [Auth],
  setup(ctx) {
    const principal = (id: string): Principal => ({ id, kind: 'user', roles: [] });
    ctx.provide(Auth, {
      async authenticate(credentials) {
        const id = credentials.authorization?.replace('Bearer ', '') ?? '';
        if (id !== 'reader' && id !== 'editor') throw new UnauthenticatedError('unknown token');
        return principal(id);
      },
      async authorize(who, action, resource) {
        if (resource.kind !== 'registeredModel' || resource.id !== 'churn') return false;
        return who.id === 'editor' || action === 'READ';
      },
      async readableScope() {
        return { kind: 'all' };
      },
    });
  },
});

describe('drift REST API', () => {
  let home: MonitoringHome;
  let kernel: TestKernel;
  let url: string;
  const call = async (
    method: string,
    path: string,
    who: string,
    body?: string,
    type = 'application/json',
  ) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${who}`, ...(body === undefined ? {} : { 'content-type': type }) },
      body,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: res.status,
      json: json as Record<string, unknown>,
      text,
      type: res.headers.get('content-type'),
    };
  };
  const v1 = '/api/v1/drift/models/churn/versions/1';
  const reference = `x,plan\n${shiftedNormalStream(1, 400, 400, 0, 0)
    .map((x, i) => `${x},${i % 2 ? 'a' : 'b'}`)
    .join('\n')}\n`;

  before(async () => {
    home = await monitoringHome();
    kernel = await home.start({}, [testAuthPlugin(), httpPlugin({ port: 0, accessLog: false })]);
    url = kernel.get(HttpServer).url!;
  });
  after(async () => {
    await kernel.stop();
    await home.remove();
  });

  it('registers a reference, takes batches in CSV and JSON Lines, checks, and serves reports and history', async () => {
    const put = await call('PUT', `${v1}/reference`, 'editor', reference, 'text/csv');
    expect(put.status).to.equal(201);
    expect(put.json).to.include({
      model: 'churn',
      version: 1,
      format: 'csv',
      bytes: Buffer.byteLength(reference),
    });
    const settings = await call('PUT', `${v1}/settings`, 'editor', JSON.stringify({ driftShare: 0.5 }));
    expect(settings.status).to.equal(200);
    expect(settings.json.settings).to.deep.equal({ driftShare: 0.5 });
    const lines = shiftedNormalStream(2, 300, 300, 1, 1).map((x) => JSON.stringify({ x, plan: 'a' }));
    const batch = await call('POST', `${v1}/batches`, 'editor', lines.join('\n'), 'application/x-ndjson');
    expect(batch.status).to.equal(201);
    expect(batch.json).to.include({ batch: 1, format: 'jsonl' });
    const check = await call('POST', `${v1}/checks`, 'editor', '{}');
    expect(check.status).to.equal(201);
    const report = check.json.report as { driftedColumns: string[]; datasetDrift: boolean };
    expect(report.driftedColumns).to.deep.equal(['x', 'plan']);
    const id = check.json.id as string;
    const history = await call('GET', `${v1}/reports?max_results=10`, 'reader');
    expect(history.status).to.equal(200);
    expect(
      (history.json.items as { id: string; datasetDrift: boolean }[]).map((r) => [r.id, r.datasetDrift]),
    ).to.deep.equal([[id, true]]);
    const got = await call('GET', `/api/v1/drift/models/churn/reports/${id}`, 'reader');
    expect(got.json.report).to.deep.equal(check.json.report);
    const html = await call('GET', `/api/v1/drift/models/churn/reports/${id}/html`, 'reader');
    expect(html.status).to.equal(200);
    expect(html.type).to.equal('text/html; charset=utf-8');
    expect(html.text).to.contain('<svg ');
  });

  it('feeds a detector over HTTP and answers where it detected drift', async () => {
    const created = await call(
      'PUT',
      '/api/v1/drift/models/churn/detectors/latency',
      'editor',
      JSON.stringify({ kind: 'page-hinkley', params: { threshold: 5 } }),
    );
    expect(created.status).to.equal(201);
    const values = [...Array(50).fill(0), ...Array(50).fill(1)];
    const fed = await call(
      'POST',
      '/api/v1/drift/models/churn/detectors/latency/values',
      'editor',
      JSON.stringify({ values }),
    );
    expect(fed.status).to.equal(200);
    expect((fed.json.driftAt as number[])[0]).to.be.within(50, 60);
    const got = await call('GET', '/api/v1/drift/models/churn/detectors/latency', 'reader');
    expect(got.json).to.include({ valuesSeen: 100, kind: 'page-hinkley' });
  });

  it('needs EDIT on the model to post and READ to get', async () => {
    const denied = await call('POST', `${v1}/checks`, 'reader', '{}');
    expect(denied.status).to.equal(403);
    const other = await call('GET', '/api/v1/drift/models/fraud/versions/1/reports', 'reader');
    expect(other.status).to.equal(403);
    const anonymous = await call('GET', `${v1}/reports`, 'nobody');
    expect(anonymous.status).to.equal(401);
  });

  it('answers bad input with 400 naming the field, and unknown things with 404', async () => {
    const noFormat = await call('POST', `${v1}/batches`, 'editor', 'x\n1\n', 'text/plain');
    expect(noFormat.status).to.equal(400);
    expect(noFormat.json.details).to.deep.include({ field: 'format' });
    const badOption = await call(
      'POST',
      `${v1}/checks`,
      'editor',
      JSON.stringify({ options: { driftShare: 2 } }),
    );
    expect(badOption.status).to.equal(400);
    expect(badOption.json.message).to.contain('driftShare');
    const badRow = await call('POST', `${v1}/batches?format=csv`, 'editor', 'x,plan\nhigh,a\n', 'text/csv');
    expect(badRow.status).to.equal(201);
    const failing = await call('POST', `${v1}/checks`, 'editor', '{}');
    expect(failing.status).to.equal(400);
    expect(failing.json).to.deep.include({ message: 'row 1: column "x" must be a number, got "high"' });
    const missing = await call('GET', '/api/v1/drift/models/churn/versions/7/reference', 'reader');
    expect(missing.status).to.equal(404);
    expect(missing.json.message).to.equal('model "churn" version 7 has no drift reference');
  });
});
