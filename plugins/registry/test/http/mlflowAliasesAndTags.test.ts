import { expect } from 'chai';
import { mlflowClient, type RegistryServer, scrubTimes, startRegistryServer, T } from './registryServer.js';

describe('MLflow REST API: aliases and tags, as the Python client calls them', () => {
  let server: RegistryServer;
  let mlflow: ReturnType<typeof mlflowClient>;
  let since: number;
  beforeEach(async () => {
    since = Date.now();
    server = await startRegistryServer();
    mlflow = mlflowClient(server.url);
    await mlflow.post('/registered-models/create', { name: 'churn' });
    await mlflow.post('/model-versions/create', { name: 'churn', source: 's3://models/churn/1' });
    await mlflow.post('/model-versions/create', { name: 'churn', source: 's3://models/churn/2' });
  });
  afterEach(async () => {
    await server.stop();
  });

  describe('registered-models/alias', () => {
    it('POST sets an alias, GET answers its version, registered-models/get lists it', async () => {
      const set = await mlflow.post('/registered-models/alias', {
        name: 'churn',
        alias: 'champion',
        version: '2',
      });
      expect(set.status).to.equal(200);
      expect(set.body).to.deep.equal({});
      const got = await mlflow.get('/registered-models/alias', { name: 'churn', alias: 'champion' });
      expect(scrubTimes(got.body, since)).to.deep.equal({
        model_version: {
          name: 'churn',
          version: '2',
          creation_timestamp: T,
          last_updated_timestamp: T,
          user_id: 'anonymous',
          current_stage: 'None',
          description: '',
          source: 's3://models/churn/2',
          run_id: '',
          status: 'READY',
          run_link: '',
          aliases: ['champion'],
        },
      });
      const model = await mlflow.get('/registered-models/get', { name: 'churn' });
      expect(
        (model.body as { registered_model: { aliases: unknown } }).registered_model.aliases,
      ).to.deep.equal([{ alias: 'champion', version: '2' }]);
    });

    it('POST moves an alias to another version', async () => {
      await mlflow.post('/registered-models/alias', { name: 'churn', alias: 'champion', version: '1' });
      await mlflow.post('/registered-models/alias', { name: 'churn', alias: 'champion', version: '2' });
      const got = await mlflow.get('/registered-models/alias', { name: 'churn', alias: 'champion' });
      expect((got.body as { model_version: { version: string } }).model_version.version).to.equal('2');
    });

    it('answers an alias that is not set with 400 INVALID_PARAMETER_VALUE, as the client sees it', async () => {
      const answer = await mlflow.get('/registered-models/alias', { name: 'churn', alias: 'constructor' });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.deep.equal({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'Registered model alias constructor not found.',
        details: { field: 'alias', reason: 'not_found' },
      });
      const model = await mlflow.get('/registered-models/alias', { name: 'ghost', alias: 'champion' });
      expect(model.status).to.equal(404);
      expect((model.body as { message: string }).message).to.equal(
        'Registered Model with name=ghost not found',
      );
    });

    it('DELETE removes the alias with the JSON body the client sends; a missing one is no error', async () => {
      await mlflow.post('/registered-models/alias', { name: 'churn', alias: 'champion', version: '1' });
      const answer = await mlflow.delete('/registered-models/alias', { name: 'churn', alias: 'champion' });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({});
      expect(
        (await mlflow.get('/registered-models/alias', { name: 'churn', alias: 'champion' })).status,
      ).to.equal(400);
      const again = await mlflow.delete('/registered-models/alias', { name: 'churn', alias: 'champion' });
      expect(again.status).to.equal(200);
      const noAlias = await mlflow.delete('/registered-models/alias', { name: 'churn' });
      expect(noAlias.status).to.equal(400);
      expect((noAlias.body as { message: string }).message).to.equal(
        "Missing value for required parameter 'alias'. See the API docs for more information about request parameters.",
      );
    });

    it('refuses a reserved alias and an unknown version', async () => {
      const reserved = await mlflow.post('/registered-models/alias', {
        name: 'churn',
        alias: 'latest',
        version: '1',
      });
      expect(reserved.status).to.equal(400);
      expect(reserved.body).to.deep.equal({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'alias "latest" is reserved (latest, in any case)',
        details: { field: 'alias', reason: 'reserved' },
      });
      const unknown = await mlflow.post('/registered-models/alias', {
        name: 'churn',
        alias: 'champion',
        version: '7',
      });
      expect(unknown.status).to.equal(404);
      expect((unknown.body as { message: string }).message).to.equal(
        'Model Version (name=churn, version=7) not found',
      );
      const model = await server.registry.getModel('churn', server.kernel.call);
      expect(model.aliases).to.deep.equal({});
    });
  });

  describe('tags', () => {
    it('registered-models/set-tag and delete-tag', async () => {
      const set = await mlflow.post('/registered-models/set-tag', {
        name: 'churn',
        key: 'team',
        value: 'risk',
      });
      expect(set.status).to.equal(200);
      expect(set.body).to.deep.equal({});
      const got = await mlflow.get('/registered-models/get', { name: 'churn' });
      expect((got.body as { registered_model: { tags: unknown } }).registered_model.tags).to.deep.equal([
        { key: 'team', value: 'risk' },
      ]);
      const deleted = await mlflow.delete('/registered-models/delete-tag', { name: 'churn', key: 'team' });
      expect(deleted.body).to.deep.equal({});
      expect((await server.registry.getModel('churn', server.kernel.call)).tags).to.deep.equal({});
      const unknown = await mlflow.post('/registered-models/set-tag', {
        name: 'ghost',
        key: 'team',
        value: 'x',
      });
      expect(unknown.status).to.equal(404);
      expect((unknown.body as { message: string }).message).to.equal(
        'Registered Model with name=ghost not found',
      );
    });

    it('model-versions/set-tag and delete-tag', async () => {
      const set = await mlflow.post('/model-versions/set-tag', {
        name: 'churn',
        version: '1',
        key: 'validated',
        value: 'yes',
      });
      expect(set.body).to.deep.equal({});
      const got = await mlflow.get('/model-versions/get', { name: 'churn', version: '1' });
      expect((got.body as { model_version: { tags: unknown } }).model_version.tags).to.deep.equal([
        { key: 'validated', value: 'yes' },
      ]);
      const deleted = await mlflow.delete('/model-versions/delete-tag', {
        name: 'churn',
        version: '1',
        key: 'validated',
      });
      expect(deleted.body).to.deep.equal({});
      const after = await mlflow.get('/model-versions/get', { name: 'churn', version: '1' });
      expect(after.body).to.not.have.nested.property('model_version.tags');
      const badKey = await mlflow.post('/model-versions/set-tag', {
        name: 'churn',
        version: '1',
        key: '',
        value: 'x',
      });
      expect(badKey.status).to.equal(400);
      expect(badKey.body).to.include({ message: 'body/key must NOT have fewer than 1 characters' });
      const unknown = await mlflow.delete('/model-versions/delete-tag', {
        name: 'churn',
        version: '5',
        key: 'k',
      });
      expect(unknown.status).to.equal(404);
      expect((unknown.body as { message: string }).message).to.equal(
        'Model Version (name=churn, version=5) not found',
      );
    });
  });
});
