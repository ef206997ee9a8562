import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { request } from 'undici';
import { call, postJson, type Started, startHttp } from './fixtures.js';

describe('request validation and bodies', () => {
  let s: Started;
  before(async () => {
    s = await startHttp({ bodyLimitBytes: 2048 });
  });
  after(() => s.kernel.stop());

  it('answers 400 naming every field at fault in the body', async () => {
    const res = await postJson(`${s.url}/api/v1/experiments`, { experiment_id: 7, tags: ['a', 2] });
    expect(res.status).to.equal(400);
    expect(res.json).to.deep.equal({
      error_code: 'INVALID_ARGUMENT',
      message: 'body/name is required; body/experiment_id must be string; body/tags/1 must be string',
      details: {
        field: 'body/name',
        reason: 'invalid',
        errors: [
          { field: 'body/name', message: 'body/name is required' },
          { field: 'body/experiment_id', message: 'body/experiment_id must be string' },
          { field: 'body/tags/1', message: 'body/tags/1 must be string' },
        ],
      },
    });
  });

  it('keeps unknown body fields the schema does not forbid', async () => {
    const res = await postJson(`${s.url}/api/v1/experiments`, {
      name: 'churn',
      artifact_location: 'x',
      extra: 1,
    });
    expect(res.status).to.equal(201);
    expect(res.json).to.deep.equal({ name: 'churn', artifact_location: 'x', extra: 1 });
  });

  it('validates an empty body as {} when the route has a body schema', async () => {
    const res = await call(`${s.url}/api/v1/experiments`, { method: 'POST' });
    expect(res.status).to.equal(400);
    expect(res.json.message).to.equal('body/name is required');
  });

  it('parses a JSON body whatever its Content-Type', async () => {
    const res = await call(`${s.url}/api/v1/experiments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"name":"from-curl"}',
    });
    expect(res.status).to.equal(201);
    expect(res.json).to.deep.equal({ name: 'from-curl' });
  });

  it('answers 400 naming the body for malformed JSON', async () => {
    const res = await call(`${s.url}/api/v1/experiments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": "churn",',
    });
    expect(res.status).to.equal(400);
    expect(res.json.error_code).to.equal('INVALID_ARGUMENT');
    expect(res.json.message).to.match(/^body is not valid JSON: /);
    expect(res.json.details).to.deep.equal({ field: 'body', reason: 'malformed_json' });
  });

  it('coerces query strings, turns one value into an array, and fills defaults', async () => {
    const res = await call(`${s.url}/api/v1/runs/r1?max_results=10&keys=a&view=ALL`);
    expect(res.json.query).to.deep.equal({ max_results: 10, keys: ['a'], view: 'ALL' });
    const repeated = await call(`${s.url}/api/v1/runs/r1?keys=a&keys=b`);
    expect(repeated.json.query).to.deep.equal({ keys: ['a', 'b'], max_results: 100 });
  });

  it('answers 400 for bad query values and path parameters, naming each', async () => {
    const res = await call(`${s.url}/api/v1/runs/r1?max_results=ten&view=SOME`);
    expect(res.status).to.equal(400);
    expect(res.json.message).to.equal(
      'query/max_results must be integer; query/view must be one of "ACTIVE_ONLY", "ALL"',
    );
    const bad = await call(`${s.url}/api/v1/runs/R-1`);
    expect(bad.status).to.equal(400);
    expect(bad.json.message).to.equal('params/runId must match pattern "^[a-z0-9]+$"');
    expect((bad.json.details as { field: string }).field).to.equal('params/runId');
  });

  it('answers 413 past the server limit, with or without Content-Length', async () => {
    const big = { data: 'x'.repeat(3000) };
    const declared = await postJson(`${s.url}/big`, big);
    expect(declared.status).to.equal(413);
    expect(declared.json).to.deep.equal({
      error_code: 'PAYLOAD_TOO_LARGE',
      message: 'body is larger than the limit of 2048 bytes',
      details: { field: 'body', reason: 'too_large', limit: 2048 },
    });
    const chunked = await request(`${s.url}/big`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from([Buffer.from(JSON.stringify(big))]),
    });
    expect(chunked.statusCode).to.equal(413);
    expect(((await chunked.body.json()) as { error_code: string }).error_code).to.equal('PAYLOAD_TOO_LARGE');
    const fits = await postJson(`${s.url}/big`, { data: 'x'.repeat(1000) });
    expect(fits.json).to.deep.equal({ size: 1011 });
  });

  it("applies a route's own maxBodyBytes", async () => {
    expect((await postJson(`${s.url}/echo`, { a: 1 })).json).to.deep.equal({ echoed: { a: 1 } });
    const res = await postJson(`${s.url}/echo`, { a: 'y'.repeat(100) });
    expect(res.status).to.equal(413);
    expect(res.json.message).to.equal('body is larger than the limit of 64 bytes');
  });

  it('streams raw bodies unparsed whatever the Content-Type, with wildcard paths', async () => {
    const bytes = Buffer.from('{not json at all', 'utf8');
    const res = await call(`${s.url}/upload/models/m%201/model.json`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    expect(res.status).to.equal(200);
    expect(res.json).to.deep.equal({
      path: 'models/m 1/model.json',
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      type: 'application/json',
    });
  });

  it('answers 413 for a raw body past the route limit, declared or streamed', async () => {
    const declared = await call(`${s.url}/upload/a.bin`, { method: 'PUT', body: Buffer.alloc(2000) });
    expect(declared.status).to.equal(413);
    expect(declared.json.message).to.equal('body is larger than the limit of 1024 bytes');
    const streamed = await request(`${s.url}/upload/a.bin`, {
      method: 'PUT',
      body: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]),
    });
    expect(streamed.statusCode).to.equal(413);
    expect(((await streamed.body.json()) as { message: string }).message).to.equal(
      'body is larger than the limit of 1024 bytes',
    );
  });
});
