import { expect } from 'chai';
import {
  finishedRun,
  mlflowClient,
  productionVetoPlugin,
  type RegistryServer,
  scrubTimes,
  startRegistryServer,
  T,
} from './registryServer.js';

/** A version as MLflow's server answers one made by the client with these fields. */
function wireVersion(version: string, source: string, extra: Record<string, unknown> = {}) {
  return {
    name: 'churn',
    version,
    creation_timestamp: T,
    last_updated_timestamp: T,
    user_id: 'anonymous',
    current_stage: 'None',
    description: '',
    source,
    run_id: '',
    status: 'READY',
    run_link: '',
    ...extra,
  };
}

describe('MLflow REST API: model-versions endpoints, as the Python client calls them', () => {
  let server: RegistryServer;
  let mlflow: ReturnType<typeof mlflowClient>;
  let since: number;
  beforeEach(async () => {
    since = Date.now();
    server = await startRegistryServer({ after: [productionVetoPlugin('val_auc too low')] });
    mlflow = mlflowClient(server.url);
  });
  afterEach(async () => {
    await server.stop();
  });

  describe('register_model: create the model (or meet RESOURCE_ALREADY_EXISTS), then the version', () => {
    it('registers versions 1 and 2 of a run, READY at once so the client does not poll', async () => {
      const { runId, artifactUri } = await finishedRun(server.tracking, server.kernel.call);
      const source = `${artifactUri}/model`;
      const versions: unknown[] = [];
      for (let i = 0; i < 2; i++) {
        const created = await mlflow.post('/registered-models/create', { name: 'churn' });
        expect(created.status).to.equal(i === 0 ? 200 : 400);
        if (i === 1)
          expect((created.body as { error_code: string }).error_code).to.equal('RESOURCE_ALREADY_EXISTS');
        const answer = await mlflow.post('/model-versions/create', { name: 'churn', source, run_id: runId });
        expect(answer.status).to.equal(200);
        versions.push(scrubTimes(answer.body, since));
      }
      expect(versions).to.deep.equal([
        { model_version: wireVersion('1', source, { run_id: runId }) },
        { model_version: wireVersion('2', source, { run_id: runId }) },
      ]);
      const polled = await mlflow.get('/model-versions/get', { name: 'churn', version: '2' });
      expect((polled.body as { model_version: { status: string } }).model_version.status).to.equal('READY');
    });

    it('keeps description, tags and run_link', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const answer = await mlflow.post('/model-versions/create', {
        name: 'churn',
        source: 's3://models/churn',
        run_id: 'a1b2c3',
        run_link: 'https://other-mlflow/#/runs/a1b2c3',
        description: 'first cut',
        tags: [{ key: 'framework', value: 'sklearn' }],
      });
      expect(scrubTimes(answer.body, since)).to.deep.equal({
        model_version: wireVersion('1', 's3://models/churn', {
          run_id: 'a1b2c3',
          run_link: 'https://other-mlflow/#/runs/a1b2c3',
          description: 'first cut',
          tags: [{ key: 'framework', value: 'sklearn' }],
        }),
      });
    });

    it('answers 404 for a model that does not exist, creating nothing (MLflow does not auto-create)', async () => {
      const answer = await mlflow.post('/model-versions/create', {
        name: 'ghost',
        source: 's3://models/ghost',
      });
      expect(answer.status).to.equal(404);
      expect(answer.body).to.deep.equal({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: 'Registered Model with name=ghost not found',
        details: { field: 'name' },
      });
      expect((await mlflow.get('/registered-models/get', { name: 'ghost' })).status).to.equal(404);
    });

    it("refuses local and relative sources with MLflow's messages", async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const local = await mlflow.post('/model-versions/create', { name: 'churn', source: '/etc/passwd' });
      expect(local.status).to.equal(400);
      expect(local.body).to.deep.equal({
        error_code: 'INVALID_PARAMETER_VALUE',
        message:
          "Invalid model version source: '/etc/passwd'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.",
        details: { field: 'source', reason: 'unsafe_source' },
      });
      for (const source of [
        's3://bucket/models/../../secrets',
        'mlflow-artifacts:/0/..%2f..%2fetc',
        'http://h/a/./b',
      ]) {
        const answer = await mlflow.post('/model-versions/create', { name: 'churn', source });
        expect(answer.status, source).to.equal(400);
        expect((answer.body as { message: string }).message).to.equal(
          `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`,
        );
      }
      expect((await server.registry.searchVersions({}, server.kernel.call)).items).to.deep.equal([]);
    });

    it('answers 404 naming run_id for a run tracking does not know', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const answer = await mlflow.post('/model-versions/create', {
        name: 'churn',
        source: 's3://models/churn',
        run_id: 'f00d',
      });
      expect(answer.status).to.equal(404);
      expect(answer.body).to.include({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
      expect((answer.body as { details: { field: string } }).details.field).to.equal('run_id');
    });
  });

  describe('with two versions', () => {
    beforeEach(async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      await mlflow.post('/model-versions/create', { name: 'churn', source: 's3://models/churn/1' });
      await mlflow.post('/model-versions/create', { name: 'churn', source: 'models:/churn/1' });
    });

    it('GET model-versions/get answers the version; an unknown one is 404 in MLflow words', async () => {
      const answer = await mlflow.get('/model-versions/get', { name: 'churn', version: '1' });
      expect(scrubTimes(answer.body, since)).to.deep.equal({
        model_version: wireVersion('1', 's3://models/churn/1'),
      });
      const unknown = await mlflow.get('/model-versions/get', { name: 'churn', version: '9' });
      expect(unknown.status).to.equal(404);
      expect(unknown.body).to.deep.equal({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: 'Model Version (name=churn, version=9) not found',
        details: { field: 'version' },
      });
      const notANumber = await mlflow.get('/model-versions/get', { name: 'churn', version: 'one' });
      expect(notANumber.status).to.equal(400);
      expect((notANumber.body as { details: { field: string } }).details.field).to.equal('query/version');
    });

    it('PATCH model-versions/update sets the description (a JSON number version is accepted)', async () => {
      const answer = await mlflow.patch('/model-versions/update', {
        name: 'churn',
        version: 1,
        description: 'better',
      });
      expect(answer.status).to.equal(200);
      expect(scrubTimes(answer.body, since)).to.deep.equal({
        model_version: wireVersion('1', 's3://models/churn/1', { description: 'better' }),
      });
    });

    it('DELETE model-versions/delete removes the version: a later get is 404', async () => {
      const answer = await mlflow.delete('/model-versions/delete', { name: 'churn', version: '2' });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({});
      expect((await mlflow.get('/model-versions/get', { name: 'churn', version: '2' })).status).to.equal(404);
      const again = await mlflow.delete('/model-versions/delete', { name: 'churn', version: '2' });
      expect(again.status).to.equal(404);
      expect((again.body as { message: string }).message).to.equal(
        'Model Version (name=churn, version=2) not found',
      );
    });

    it('GET model-versions/get-download-uri answers the source, a models:/ source resolved', async () => {
      const first = await mlflow.get('/model-versions/get-download-uri', { name: 'churn', version: '1' });
      expect(first.body).to.deep.equal({ artifact_uri: 's3://models/churn/1' });
      const second = await mlflow.get('/model-versions/get-download-uri', { name: 'churn', version: '2' });
      expect(second.body).to.deep.equal({ artifact_uri: 's3://models/churn/1' });
    });

    it('GET model-versions/search filters and pages, newest change first', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // so the update is a later millisecond
      await mlflow.patch('/model-versions/update', { name: 'churn', version: '1', description: 'touched' });
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const answer = await mlflow.get('/model-versions/search', {
          filter: "name='churn'",
          max_results: 1,
          ...(token === undefined ? {} : { page_token: token }),
        });
        expect(answer.status).to.equal(200);
        const body = answer.body as { model_versions: { version: string }[]; next_page_token?: string };
        pages.push(body.model_versions.map((v) => v.version));
        token = body.next_page_token;
      } while (token !== undefined);
      expect(pages).to.deep.equal([['1'], ['2']]);
      const whole = await mlflow.get('/model-versions/search', {
        filter: "name = 'churn' and version_number = 2",
        max_results: 10000,
      });
      expect(scrubTimes(whole.body, since)).to.deep.equal({
        model_versions: [wireVersion('2', 'models:/churn/1')],
      });
      const none = await mlflow.get('/model-versions/search', {
        filter: "run_id = 'nope'",
        max_results: 10000,
      });
      expect(none.body).to.deep.equal({});
      const tooMany = await mlflow.get('/model-versions/search', { max_results: 200001 });
      expect(tooMany.status).to.equal(400);
      expect(tooMany.body).to.include({ message: 'query/max_results must be <= 200000' });
    });

    describe('POST model-versions/transition-stage', () => {
      it('moves the version (any case) and archives the others when asked', async () => {
        await mlflow.post('/model-versions/transition-stage', {
          name: 'churn',
          version: '2',
          stage: 'Staging',
          archive_existing_versions: false,
        });
        const answer = await mlflow.post('/model-versions/transition-stage', {
          name: 'churn',
          version: '1',
          stage: 'staging',
          archive_existing_versions: true,
        });
        expect(answer.status).to.equal(200);
        expect(scrubTimes(answer.body, since)).to.deep.equal({
          model_version: wireVersion('1', 's3://models/churn/1', { current_stage: 'Staging' }),
        });
        const other = await mlflow.get('/model-versions/get', { name: 'churn', version: '2' });
        expect(
          (other.body as { model_version: { current_stage: string } }).model_version.current_stage,
        ).to.equal('Archived');
      });

      it("surfaces a gate's veto as INVALID_PARAMETER_VALUE naming the gate, and nothing moves", async () => {
        const answer = await mlflow.post('/model-versions/transition-stage', {
          name: 'churn',
          version: '1',
          stage: 'Production',
          archive_existing_versions: false,
        });
        expect(answer.status).to.equal(400);
        expect(answer.body).to.deep.equal({
          error_code: 'INVALID_PARAMETER_VALUE',
          message: 'promotion of churn/1 to Production refused by test-gate: val_auc too low',
          details: { field: 'stage', reason: 'vetoed', by: 'test-gate' },
        });
        const after = await mlflow.get('/model-versions/get', { name: 'churn', version: '1' });
        expect(
          (after.body as { model_version: { current_stage: string } }).model_version.current_stage,
        ).to.equal('None');
      });

      it('refuses an unknown stage and archiving into an inactive stage', async () => {
        const unknown = await mlflow.post('/model-versions/transition-stage', {
          name: 'churn',
          version: '1',
          stage: 'Prod',
          archive_existing_versions: false,
        });
        expect(unknown.status).to.equal(400);
        expect(unknown.body).to.deep.equal({
          error_code: 'INVALID_PARAMETER_VALUE',
          message: 'stage "Prod" is not one of None, Staging, Production, Archived',
          details: { field: 'stage' },
        });
        const archived = await mlflow.post('/model-versions/transition-stage', {
          name: 'churn',
          version: '1',
          stage: 'Archived',
          archive_existing_versions: true,
        });
        expect(archived.status).to.equal(400);
        expect((archived.body as { details: { field: string } }).details.field).to.equal(
          'archive_existing_versions',
        );
        const notBoolean = await mlflow.post('/model-versions/transition-stage', {
          name: 'churn',
          version: '1',
          stage: 'Staging',
          archive_existing_versions: 'yes',
        });
        expect(notBoolean.status).to.equal(400);
        expect(notBoolean.body).to.include({ message: 'body/archive_existing_versions must be boolean' });
      });
    });
  });
});
