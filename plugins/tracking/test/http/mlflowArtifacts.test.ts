import { request as httpRequest } from 'node:http';
import { BlobStore } from '@mlops/plugin-api';
import { expect } from 'chai';
import { memoryBlobStorePlugin } from 'mlops-plugin-memory-blobstore';
import { expectMlflowError, okBody } from './expectAnswer.js';
import { PythonMlflowClient, pythonClientHeaders, send } from './pythonMlflowClient.js';
import { startTrackingServer, type TrackingServer } from './startTrackingServer.js';

/** A request with a path sent byte for byte, as `fetch` would normalise `..` away. */
function rawRequest(url: string, method: string, path: string): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers: pythonClientHeaders }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject).end();
  });
}

async function createRun(client: PythonMlflowClient): Promise<string> {
  okBody(await client.call('POST', '/mlflow/experiments/create', { name: `e${Math.random()}` }));
  const created = okBody(
    await client.call('POST', '/mlflow/runs/create', { experiment_id: '1', start_time: 1_700_000_000_000 }),
  ) as { run: { info: { run_id: string } } };
  return created.run.info.run_id;
}

describe('MLflow artifact proxy (/api/2.0/mlflow-artifacts), as the Python client calls it', function () {
  this.timeout(30_000);
  let server: TrackingServer;
  let client: PythonMlflowClient;
  let runId: string;
  let base: string;

  before(async () => {
    server = await startTrackingServer();
    client = new PythonMlflowClient(server.url);
    runId = await createRun(client);
    base = `${server.url}/api/2.0/mlflow-artifacts/artifacts/1/${runId}/artifacts`;
  });
  after(() => server.stop());

  it('PUT stores the raw body, whatever its guessed Content-Type, under the run in the BlobStore', async () => {
    const text = await send(`${base}/model/my%20notes.txt`, {
      method: 'PUT',
      headers: { ...pythonClientHeaders, 'Content-Type': 'text/plain' },
      body: 'hello world',
    });
    expect(okBody(text)).to.deep.equal({});
    // A body labelled JSON that is not JSON: never parsed.
    const json = await send(`${base}/model/MLmodel.json`, {
      method: 'PUT',
      headers: { ...pythonClientHeaders, 'Content-Type': 'application/json' },
      body: '{"not": json',
    });
    expect(okBody(json)).to.deep.equal({});
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    okBody(
      await send(`${base}/weights.bin`, {
        method: 'PUT',
        headers: { ...pythonClientHeaders, 'Content-Type': 'application/octet-stream' },
        body: bytes,
      }),
    );
    // An empty file is one PUT with an empty body.
    okBody(
      await send(`${base}/empty.txt`, {
        method: 'PUT',
        headers: { ...pythonClientHeaders, 'Content-Type': 'text/plain' },
        body: '',
      }),
    );
    const blobs = server.kernel.get(BlobStore);
    expect((await blobs.head(`experiments/1/runs/${runId}/artifacts/empty.txt`)).size).to.equal(0);
    const info = await blobs.head(`experiments/1/runs/${runId}/artifacts/model/my notes.txt`);
    expect(info.size).to.equal(11);
    expect((await blobs.head(`experiments/1/runs/${runId}/artifacts/weights.bin`)).size).to.equal(5);
  });

  it('GET ?path= lists a directory with paths relative to it', async () => {
    const root = await client.call('GET', '/mlflow-artifacts/artifacts', { path: `1/${runId}/artifacts` });
    expect(okBody(root)).to.deep.equal({
      files: [
        { path: 'empty.txt', is_dir: false, file_size: 0 },
        { path: 'model', is_dir: true },
        { path: 'weights.bin', is_dir: false, file_size: 5 },
      ],
    });
    const dir = await client.call('GET', '/mlflow-artifacts/artifacts', {
      path: `1/${runId}/artifacts/model`,
    });
    expect(okBody(dir)).to.deep.equal({
      files: [
        { path: 'MLmodel.json', is_dir: false, file_size: 12 },
        { path: 'my notes.txt', is_dir: false, file_size: 11 },
      ],
    });
    expect(okBody(await client.call('GET', '/mlflow-artifacts/artifacts', { path: '1' }))).to.deep.equal({});
    expect(okBody(await client.call('GET', '/mlflow-artifacts/artifacts', {}))).to.deep.equal({});
    const tracking = await client.call('GET', '/mlflow/artifacts/list', { run_id: runId, path: 'model' });
    expect((okBody(tracking) as { files: { path: string }[] }).files.map((f) => f.path)).to.deep.equal([
      'model/MLmodel.json',
      'model/my notes.txt',
    ]);
  });

  it('GET downloads the file streamed, with a guessed Content-Type, as an attachment', async () => {
    const text = await fetch(`${base}/model/my%20notes.txt`, { headers: pythonClientHeaders });
    expect(text.status).to.equal(200);
    expect(await text.text()).to.equal('hello world');
    expect(text.headers.get('content-type')).to.equal('text/plain');
    expect(text.headers.get('content-disposition')).to.equal('attachment; filename=my notes.txt');
    expect(text.headers.get('x-content-type-options')).to.equal('nosniff');
    const binary = await fetch(`${base}/weights.bin`, { headers: pythonClientHeaders });
    expect(Buffer.from(await binary.arrayBuffer())).to.deep.equal(Buffer.from([0, 1, 2, 255, 254]));
    expect(binary.headers.get('content-type')).to.equal('application/octet-stream');
    const missing = await send(`${base}/nothing.txt`, { headers: pythonClientHeaders });
    expectMlflowError(missing, 404, 'RESOURCE_DOES_NOT_EXIST', `run ${runId} has no artifact "nothing.txt"`);
  });

  it('refuses unsafe paths and paths outside a run', async () => {
    const unsafe = await rawRequest(
      server.url,
      'GET',
      `/api/2.0/mlflow-artifacts/artifacts/1/${runId}/artifacts/../../x`,
    );
    expect(unsafe.status).to.equal(400);
    expect(unsafe.body).to.deep.include({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: `Invalid path: 1/${runId}/artifacts/../../x`,
    });
    const outside = await send(`${server.url}/api/2.0/mlflow-artifacts/artifacts/1/notes.txt`, {
      method: 'PUT',
      headers: pythonClientHeaders,
      body: 'x',
    });
    expectMlflowError(
      outside,
      404,
      'RESOURCE_DOES_NOT_EXIST',
      '"1/notes.txt" is not inside a run\'s artifacts (expected <experiment id>/<run id>/artifacts/<path>)',
    );
    const wrongExperiment = await send(
      `${server.url}/api/2.0/mlflow-artifacts/artifacts/7/${runId}/artifacts/a.txt`,
      {
        method: 'PUT',
        headers: pythonClientHeaders,
        body: 'x',
      },
    );
    expect(wrongExperiment.status).to.equal(404);
  });

  it('DELETE removes a file, or a directory with everything under it', async () => {
    expect(
      okBody(await send(`${base}/weights.bin`, { method: 'DELETE', headers: pythonClientHeaders })),
    ).to.deep.equal({});
    expect((await fetch(`${base}/weights.bin`)).status).to.equal(404);
    expect(
      okBody(await send(`${base}/model`, { method: 'DELETE', headers: pythonClientHeaders })),
    ).to.deep.equal({});
    expect(
      okBody(await client.call('GET', '/mlflow-artifacts/artifacts', { path: `1/${runId}/artifacts` })),
    ).to.deep.equal({ files: [{ path: 'empty.txt', is_dir: false, file_size: 0 }] });
    // Deleting nothing is no error, as in MLflow.
    expect(
      okBody(await send(`${base}/model`, { method: 'DELETE', headers: pythonClientHeaders })),
    ).to.deep.equal({});
    // The run's whole artifact root: the client's delete_artifacts() without a path.
    expect(okBody(await send(`${base}/`, { method: 'DELETE', headers: pythonClientHeaders }))).to.deep.equal(
      {},
    );
    expect(
      okBody(await client.call('GET', '/mlflow-artifacts/artifacts', { path: `1/${runId}/artifacts` })),
    ).to.deep.equal({});
  });

  it('multipart: create hands out part URLs on this server, parts answer ETags, complete joins them', async () => {
    const created = okBody(
      await send(`${server.url}/api/2.0/mlflow-artifacts/mpu/create/1/${runId}/artifacts/big`, {
        method: 'POST',
        headers: { ...pythonClientHeaders, 'Content-Type': 'application/json' },
        body: JSON.stringify({ path: '/tmp/local dir/data.bin', num_parts: 2 }),
      }),
    ) as { upload_id: string; credentials: { url: string; part_number: number }[] };
    expect(created.upload_id).to.be.a('string');
    expect(created.credentials.map((c) => c.part_number)).to.deep.equal([1, 2]);
    expect(created.credentials[0]!.url).to.equal(
      `${server.url}/api/2.0/mlflow-artifacts/mpu/upload-part/1/${runId}/artifacts/big/data.bin?upload_id=${encodeURIComponent(created.upload_id)}&part_number=1`,
    );
    const chunks = [Buffer.alloc(5 * 1024 * 1024, 1), Buffer.from('tail')];
    const parts = [];
    for (const [i, credential] of created.credentials.entries()) {
      const put = await fetch(credential.url, { method: 'PUT', body: chunks[i] });
      expect(put.status).to.equal(200);
      parts.push({
        part_number: credential.part_number,
        etag: put.headers.get('etag') ?? '',
        url: credential.url,
      });
    }
    expect(parts.every((p) => p.etag !== '')).to.equal(true);
    const completed = await send(
      `${server.url}/api/2.0/mlflow-artifacts/mpu/complete/1/${runId}/artifacts/big`,
      {
        method: 'POST',
        headers: { ...pythonClientHeaders, 'Content-Type': 'application/json' },
        body: JSON.stringify({ path: '/tmp/local dir/data.bin', upload_id: created.upload_id, parts }),
      },
    );
    expect(okBody(completed)).to.deep.equal({});
    const downloaded = Buffer.from(await (await fetch(`${base}/big/data.bin`)).arrayBuffer());
    expect(downloaded.equals(Buffer.concat(chunks))).to.equal(true);
  });

  it('multipart: abort drops the upload; the artifact never appears', async () => {
    const created = okBody(
      await send(`${server.url}/api/2.0/mlflow-artifacts/mpu/create/1/${runId}/artifacts`, {
        method: 'POST',
        headers: { ...pythonClientHeaders, 'Content-Type': 'application/json' },
        body: JSON.stringify({ path: 'aborted.bin', num_parts: 1 }),
      }),
    ) as { upload_id: string; credentials: { url: string }[] };
    await fetch(created.credentials[0]!.url, { method: 'PUT', body: 'partial' });
    const aborted = await send(`${server.url}/api/2.0/mlflow-artifacts/mpu/abort/1/${runId}/artifacts`, {
      method: 'POST',
      headers: { ...pythonClientHeaders, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: 'aborted.bin', upload_id: created.upload_id }),
    });
    expect(okBody(aborted)).to.deep.equal({});
    expect((await fetch(`${base}/aborted.bin`)).status).to.equal(404);
  });
});

describe('MLflow artifact proxy without multipart support', function () {
  this.timeout(30_000);
  let server: TrackingServer;
  before(async () => {
    server = await startTrackingServer({ blobs: false, plugins: [memoryBlobStorePlugin()] });
  });
  after(() => server.stop());

  it('answers mpu/create with 501 NOT_IMPLEMENTED, on which clients fall back to one PUT', async () => {
    const client = new PythonMlflowClient(server.url);
    const runId = await createRun(client);
    const answer = await send(`${server.url}/api/2.0/mlflow-artifacts/mpu/create/1/${runId}/artifacts`, {
      method: 'POST',
      headers: { ...pythonClientHeaders, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: 'x.bin', num_parts: 1 }),
    });
    expect(answer.status).to.equal(501);
    expect(answer.body).to.deep.equal({
      error_code: 'NOT_IMPLEMENTED',
      message: 'Multipart upload is not supported for the current artifact repository',
    });
    const put = await send(`${server.url}/api/2.0/mlflow-artifacts/artifacts/1/${runId}/artifacts/x.bin`, {
      method: 'PUT',
      headers: pythonClientHeaders,
      body: 'whole',
    });
    expect(okBody(put)).to.deep.equal({});
  });
});

describe('MLflow artifact proxy without a BlobStore', function () {
  this.timeout(30_000);
  it('refuses uploads with 400 naming the missing BlobStore', async () => {
    const server = await startTrackingServer({ blobs: false });
    try {
      const client = new PythonMlflowClient(server.url);
      const runId = await createRun(client);
      const put = await send(`${server.url}/api/2.0/mlflow-artifacts/artifacts/1/${runId}/artifacts/x.bin`, {
        method: 'PUT',
        headers: pythonClientHeaders,
        body: 'x',
      });
      expectMlflowError(
        put,
        400,
        'INVALID_PARAMETER_VALUE',
        'run artifacts need a BlobStore, and no BlobStore plugin is configured (add storage-fs or storage-s3 to the config)',
      );
    } finally {
      await server.stop();
    }
  });
});
