import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import { deriveOperationId, toOpenApiPath } from '../src/toOpenApiPath.js';
import { call, type Started, startHttp } from './fixtures.js';

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown> };
};

describe('toOpenApiPath', () => {
  it('turns parameters, wildcards and optional groups into {name} templates', () => {
    expect(toOpenApiPath('/api/v1/runs/:runId')).to.deep.equal({
      path: '/api/v1/runs/{runId}',
      names: ['runId'],
    });
    expect(toOpenApiPath('/files{/*path}')).to.deep.equal({ path: '/files/{path}', names: ['path'] });
    expect(toOpenApiPath('/a/:x/b/*rest')).to.deep.equal({ path: '/a/{x}/b/{rest}', names: ['x', 'rest'] });
    expect(toOpenApiPath('/api/2.0/mlflow/runs/get')).to.deep.equal({
      path: '/api/2.0/mlflow/runs/get',
      names: [],
    });
  });

  it('derives operationIds from method and path', () => {
    expect(deriveOperationId('GET', '/api/v1/runs/:runId')).to.equal('getApiV1RunsByRunId');
    expect(deriveOperationId('POST', '/ajax-api/2.0/mlflow/runs/log-batch')).to.equal(
      'postAjaxApi20MlflowRunsLogBatch',
    );
    expect(deriveOperationId('PUT', '/artifacts/*path')).to.equal('putArtifactsByPath');
  });
});

describe('OpenAPI document and docs page', () => {
  let s: Started;
  let doc: Doc;
  before(async () => {
    s = await startHttp();
    doc = (await call(`${s.url}/api/openapi.json`)).json as unknown as Doc;
  });
  after(() => s.kernel.stop());

  it('is OpenAPI 3.1 with every route, in {param} form, with tags', () => {
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.info).to.deep.equal({ title: 'mlops platform API', version: '0.1.0' });
    expect(doc.tags.map((t) => t.name)).to.deep.equal(['mlflow', 'platform', 'tracking']);
    expect(Object.keys(doc.paths)).to.include.members([
      '/healthz',
      '/readyz',
      '/metrics',
      '/api/openapi.json',
      '/api/docs',
      '/api/docs/{asset}',
      '/api/v1/experiments',
      '/api/v1/runs/{runId}',
      '/api/v1/runs/search',
      '/upload/{path}',
    ]);
    expect(Object.keys(doc.paths['/api/v1/runs/{runId}']!)).to.deep.equal(['get', 'delete']);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('describes path and query parameters from the route schemas', () => {
    const get = doc.paths['/api/v1/runs/{runId}']!.get!;
    expect(get.operationId).to.equal('getApiV1RunsByRunId');
    expect(get.tags).to.deep.equal(['tracking']);
    expect(get.parameters).to.deep.equal([
      { name: 'runId', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9]+$' } },
      {
        name: 'max_results',
        in: 'query',
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
      },
      { name: 'view', in: 'query', required: false, schema: { enum: ['ACTIVE_ONLY', 'ALL'] } },
      { name: 'keys', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' } } },
    ]);
    const mlflow = doc.paths['/api/2.0/mlflow/experiments/get']!.get!;
    expect((mlflow.parameters as { required: boolean }[])[0]!.required).to.equal(true);
    const upload = doc.paths['/upload/{path}']!.put!;
    expect(upload.parameters).to.deep.equal([
      { name: 'path', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(upload.requestBody).to.deep.equal({
      required: true,
      content: { 'application/octet-stream': { schema: {} } },
    });
  });

  it('describes request bodies and responses, with the error body for every operation', () => {
    const create = doc.paths['/api/v1/experiments']!.post!;
    expect(create.requestBody).to.deep.equal({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              experiment_id: { type: 'string' },
              tags: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    });
    expect(create.responses).to.deep.equal({
      201: {
        description: 'Created',
        content: {
          'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } },
        },
      },
      default: {
        description: 'An error: `{ error_code, message, details }`',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    });
    expect(doc.paths['/api/v1/runs/{runId}']!.delete!.responses).to.deep.include({
      204: { description: 'No Content' },
    });
    expect(doc.components.schemas.Error)
      .to.have.property('required')
      .that.deep.equals(['error_code', 'message', 'details']);
  });

  it('serves a self-contained docs page with its own script and stylesheet', async () => {
    const page = await call(`${s.url}/api/docs`);
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(page.text).to.contain('<script defer src="/api/docs/docs.js"></script>');
    expect(page.text).to.contain('data-spec="/api/openapi.json"');
    expect(page.text).not.to.match(/https?:\/\//);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).to.contain("script-src 'self'");
    expect(csp).to.contain("connect-src 'self'");
    const js = await call(`${s.url}/api/docs/docs.js`);
    expect(js.headers['content-type']).to.equal('text/javascript; charset=utf-8');
    expect((await call(`${s.url}/api/docs/docs.css`)).headers['content-type']).to.equal(
      'text/css; charset=utf-8',
    );
    const missing = await call(`${s.url}/api/docs/evil.js`);
    expect(missing.status).to.equal(404);
    expect(missing.json.message).to.equal('the docs page has no asset "evil.js"');
  });

  it('renders every operation of the document with the page script', async () => {
    const script = (await call(`${s.url}/api/docs/docs.js`)).text;
    const render = runInNewContext(`${script}\nrenderDocument;`) as (d: unknown) => string;
    const html = render(doc);
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    for (const op of operations) expect(html).to.contain(`id="${op.operationId as string}"`);
    expect(html.match(/<details class="op"/g)).to.have.length(operations.length);
    expect(html).to.contain('<code>/api/v1/runs/{runId}</code>');
    expect(html).to.contain('<section id="tag-tracking"><h2>tracking</h2>');
    expect(html).to.contain('<input name="query:max_results" aria-label="max_results">');
  });

  it('escapes what it renders', () => {
    const script = readFileSync(new URL('../../assets/docs.js', import.meta.url), 'utf8');
    const render = runInNewContext(`${script}\nrenderDocument;`) as (d: unknown) => string;
    const html = render({
      info: { title: '<img src=x onerror=alert(1)>' },
      paths: { '/x': { get: { summary: '<script>alert(1)</script>', operationId: 'x"y' } } },
    });
    expect(html).not.to.contain('<img');
    expect(html).not.to.contain('<script>');
    expect(html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.contain('id="x&quot;y"');
  });
});
