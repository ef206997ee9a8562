import { expect } from 'chai';
import {
  mlflowClient,
  pythonClientHeaders,
  type RegistryServer,
  send,
  startRegistryServer,
} from './registryServer.js';

/**
 * The request sequences of MLflow 3's Python client against a tracking server with the artifact
 * proxy (read from MLflow's `Model.log`, `register_model`, `ModelsArtifactRepository` and
 * `RunsArtifactRepository`), request by request: `log_model` inside a run, `register_model` of
 * `runs:/<run>/model`, then `load_model` of `models:/<name>/1` and of `runs:/<run>/model`.
 */
describe('MLflow 3 clients: log_model, register_model and load_model over the wire', function () {
  this.timeout(30_000);
  let server: RegistryServer;
  let api: ReturnType<typeof mlflowClient>;
  let runId: string;
  let modelId: string;
  const files: Record<string, string> = {
    MLmodel: 'artifact_path: null\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n',
    'model.pkl': 'pickled estimator',
    'requirements.txt': 'scikit-learn==1.5.2',
  };
  const proxy = () => `${server.url}/api/2.0/mlflow-artifacts/artifacts`;

  before(async () => {
    server = await startRegistryServer({ blobs: true });
    api = mlflowClient(server.url);
    const run = await api.post('/runs/create', { experiment_id: '0', start_time: Date.now() });
    runId = (run.body as { run: { info: { run_id: string } } }).run.info.run_id;
    await api.post('/runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'acc', value: 0.9, timestamp: 1_700_000_000_000, step: 0 }],
    });
  });
  after(() => server?.stop());

  it('log_model: creates the model, records the run output, re-logs metrics with model_id, uploads, finalizes', async () => {
    const created = await api.post('/logged-models', {
      experiment_id: '0',
      name: 'model',
      source_run_id: runId,
      params: [],
      tags: [{ key: 'mlflow.user', value: 'alice' }],
    });
    expect(created.status, created.text).to.equal(200);
    modelId = (created.body as { model: { info: { model_id: string } } }).model.info.model_id;
    expect(
      (await api.post('/runs/outputs', { run_id: runId, models: [{ model_id: modelId, step: 0 }] })).status,
    ).to.equal(200);
    const history = await api.get('/metrics/get-history', {
      run_id: runId,
      run_uuid: runId,
      metric_key: 'acc',
    });
    expect(history.status).to.equal(200);
    // The client logs the run's step-0 metrics again, linked to the model: a retry of stored points.
    const relogged = await api.post('/runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'acc', value: 0.9, timestamp: 1_700_000_000_000, step: 0, model_id: modelId }],
    });
    expect(relogged.status, relogged.text).to.equal(200);
    const got = await api.get(`/logged-models/${modelId}`);
    const artifactUri = (got.body as { model: { info: { artifact_uri: string } } }).model.info.artifact_uri;
    expect(artifactUri).to.equal(`mlflow-artifacts:/0/models/${modelId}/artifacts`);
    for (const [name, body] of Object.entries(files)) {
      const put = await send(`${proxy()}/0/models/${modelId}/artifacts/${name}`, {
        method: 'PUT',
        headers: { ...pythonClientHeaders, 'Content-Type': 'application/octet-stream' },
        body,
      });
      expect(put.status, put.text).to.equal(200);
    }
    const finalized = await api.patch(`/logged-models/${modelId}`, {
      model_id: modelId,
      status: 'LOGGED_MODEL_READY',
    });
    expect((finalized.body as { model: { info: { status: string } } }).model.info.status).to.equal(
      'LOGGED_MODEL_READY',
    );
    const run = await api.get('/runs/get', { run_uuid: runId, run_id: runId });
    expect((run.body as { run: { outputs: unknown } }).run.outputs).to.deep.equal({
      model_outputs: [{ model_id: modelId, step: 0 }],
    });
    const points = await api.get('/metrics/get-history', { run_id: runId, metric_key: 'acc' });
    expect((points.body as { metrics: unknown[] }).metrics).to.have.length(1);
  });

  it('register_model("runs:/<run>/model"): finds the logged model and registers models:/<id>', async () => {
    expect((await api.post('/registered-models/create', { name: 'churn' })).status).to.equal(200);
    const again = await api.post('/registered-models/create', { name: 'churn' });
    expect((again.body as { error_code: string }).error_code).to.equal('RESOURCE_ALREADY_EXISTS');
    expect((await api.get('/runs/get', { run_uuid: runId, run_id: runId })).status).to.equal(200);
    // No MLmodel among the run's own artifacts (the MLflow 3 layout): an empty listing.
    const listing = await send(`${proxy()}?path=0/${runId}/artifacts/model`, {
      headers: pythonClientHeaders,
    });
    expect(listing.body).to.deep.equal({});
    const search = await api.post('/logged-models/search', {
      experiment_ids: ['0'],
      filter: "name = 'model'",
    });
    const found = (search.body as { models: { info: { model_id: string; source_run_id: string } }[] }).models;
    expect(found.map((m) => [m.info.model_id, m.info.source_run_id])).to.deep.equal([[modelId, runId]]);
    const created = await api.post('/model-versions/create', {
      name: 'churn',
      source: `models:/${modelId}`,
      run_id: runId,
      model_id: modelId,
    });
    expect(created.status, created.text).to.equal(200);
    expect((created.body as { model_version: unknown }).model_version).to.deep.include({
      name: 'churn',
      version: '1',
      source: `models:/${modelId}`,
      run_id: runId,
      model_id: modelId,
      status: 'READY',
    });
    // The server lists the version on the model; the client then appends it again, as MLflow's does.
    const model = await api.get(`/logged-models/${modelId}`);
    const tags = (model.body as { model: { info: { tags: { key: string; value: string }[] } } }).model.info
      .tags;
    const linked = tags.find((t) => t.key === 'mlflow.modelVersions');
    expect(JSON.parse(linked!.value)).to.deep.equal([{ name: 'churn', version: '1' }]);
    const patched = await api.patch(`/logged-models/${modelId}/tags`, {
      tags: [
        {
          key: 'mlflow.modelVersions',
          value: JSON.stringify([
            { name: 'churn', version: '1' },
            { name: 'churn', version: '1' },
          ]),
        },
      ],
    });
    expect(patched.body).to.deep.equal({});
  });

  it('load_model("models:/churn/1"): the download URI is the logged model\'s, listed and downloaded through the proxy', async () => {
    const uri = await api.get('/model-versions/get-download-uri', { name: 'churn', version: '1' });
    expect(uri.body).to.deep.equal({ artifact_uri: `mlflow-artifacts:/0/models/${modelId}/artifacts` });
    const listing = await send(`${proxy()}?path=0/models/${modelId}/artifacts`, {
      headers: pythonClientHeaders,
    });
    expect(listing.body).to.deep.equal({
      files: Object.entries(files).map(([path, body]) => ({ path, is_dir: false, file_size: body.length })),
    });
    for (const [name, body] of Object.entries(files)) {
      const download = await send(`${proxy()}/0/models/${modelId}/artifacts/${name}`, {
        headers: pythonClientHeaders,
      });
      expect(download.status).to.equal(200);
      expect(download.text).to.equal(body);
    }
  });

  it('load_model("runs:/<run>/model"): a 404 from the run artifacts, then the logged model found by search', async () => {
    const missing = await send(`${proxy()}/0/${runId}/artifacts/model`, { headers: pythonClientHeaders });
    expect(missing.status).to.equal(404);
    expect((missing.body as { error_code: string }).error_code).to.equal('RESOURCE_DOES_NOT_EXIST');
    const search = await api.post('/logged-models/search', {
      experiment_ids: ['0'],
      filter: "name = 'model'",
    });
    const [first] = (search.body as { models: { info: { model_id: string; artifact_uri: string } }[] })
      .models;
    expect(first!.info.model_id).to.equal(modelId);
    const download = await send(`${proxy()}/0/models/${modelId}/artifacts/model.pkl`, {
      headers: pythonClientHeaders,
    });
    expect(download.text).to.equal(files['model.pkl']);
  });

  it('refuses a version from a logged model that does not exist, naming model_id', async () => {
    const missing = `m-${'a'.repeat(32)}`;
    const refused = await api.post('/model-versions/create', {
      name: 'churn',
      source: `models:/${missing}`,
      model_id: missing,
    });
    expect(refused.status, refused.text).to.equal(404);
    expect(refused.body).to.deep.include({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: `Logged model with ID '${missing}' not found.`,
    });
    const versions = await api.get('/model-versions/search', { filter: "name = 'churn'" });
    expect((versions.body as { model_versions: unknown[] }).model_versions).to.have.length(1);
  });

  it('register_prompt: a prompt version with source "dummy-source", found by its tags', async () => {
    const prompt = 'qa-prompt';
    const created = await api.post('/registered-models/create', {
      name: prompt,
      tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }],
    });
    expect(created.status, created.text).to.equal(200);
    const version = await api.post('/model-versions/create', {
      name: prompt,
      source: 'dummy-source',
      description: 'first',
      tags: [
        { key: 'mlflow.prompt.is_prompt', value: 'true' },
        { key: 'mlflow.prompt.text', value: 'Answer {{question}}' },
      ],
    });
    expect(version.status, version.text).to.equal(200);
    expect((version.body as { model_version: { source: string } }).model_version.source).to.equal(
      'dummy-source',
    );
    // Without the prompt tag the same source is a local path, refused as MLflow refuses it.
    const plain = await api.post('/model-versions/create', { name: prompt, source: 'dummy-source' });
    expect(plain.status).to.equal(400);
    const found = await api.get('/registered-models/search', {
      filter: "tags.`mlflow.prompt.is_prompt` = 'true'",
    });
    expect(
      (found.body as { registered_models: { name: string }[] }).registered_models.map((m) => m.name),
    ).to.deep.equal([prompt]);
  });
});
