import { expect } from 'chai';
import { mlflowClient, type RegistryServer, scrubTimes, startRegistryServer, T } from './registryServer.js';

const missing = (field: string) => ({
  error_code: 'INVALID_PARAMETER_VALUE',
  message: `body/${field} is required`,
  details: {
    field: `body/${field}`,
    reason: 'invalid',
    errors: [{ field: `body/${field}`, message: `body/${field} is required` }],
  },
});

describe('MLflow REST API: registered-models endpoints, as the Python client calls them', () => {
  let server: RegistryServer;
  let mlflow: ReturnType<typeof mlflowClient>;
  let since: number;
  beforeEach(async () => {
    since = Date.now();
    server = await startRegistryServer();
    mlflow = mlflowClient(server.url);
  });
  afterEach(async () => {
    await server.stop();
  });

  describe('POST registered-models/create', () => {
    it('creates a model and answers it whole; unknown fields are ignored', async () => {
      const answer = await mlflow.post('/registered-models/create', {
        name: 'churn',
        tags: [{ key: 'team', value: 'risk' }],
        description: 'Churn model',
        unknown_field: 1,
      });
      expect(answer.status).to.equal(200);
      expect(answer.headers.get('content-type')).to.match(/^application\/json/);
      expect(scrubTimes(answer.body, since)).to.deep.equal({
        registered_model: {
          name: 'churn',
          creation_timestamp: T,
          last_updated_timestamp: T,
          description: 'Churn model',
          tags: [{ key: 'team', value: 'risk' }],
        },
      });
      expect((await server.registry.getModel('churn', server.kernel.call)).tags).to.deep.equal({
        team: 'risk',
      });
    });

    it('answers 400 RESOURCE_ALREADY_EXISTS for a taken name, which register_model relies on', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const answer = await mlflow.post('/registered-models/create', { name: 'churn', description: 'again' });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.deep.equal({
        error_code: 'RESOURCE_ALREADY_EXISTS',
        message: 'Registered Model (name=churn) already exists.',
        details: { field: 'name' },
      });
      expect((await server.registry.getModel('churn', server.kernel.call)).description).to.equal('');
    });

    it('names the missing name, and an empty one', async () => {
      const answer = await mlflow.post('/registered-models/create', { description: 'nameless' });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.deep.equal(missing('name'));
      const empty = await mlflow.post('/registered-models/create', { name: '' });
      expect(empty.status).to.equal(400);
      expect(empty.body).to.include({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'body/name must NOT have fewer than 1 characters',
      });
      const page = await server.registry.searchModels({}, server.kernel.call);
      expect(page.items).to.deep.equal([]);
    });
  });

  describe('GET registered-models/get', () => {
    it('answers the model with its latest versions, tags and aliases', async () => {
      await mlflow.post('/registered-models/create', {
        name: 'churn',
        tags: [{ key: 'team', value: 'risk' }],
      });
      await mlflow.post('/model-versions/create', { name: 'churn', source: 's3://models/churn/1' });
      await mlflow.post('/model-versions/create', { name: 'churn', source: 's3://models/churn/2' });
      await mlflow.post('/model-versions/transition-stage', {
        name: 'churn',
        version: '1',
        stage: 'Production',
        archive_existing_versions: false,
      });
      await mlflow.post('/registered-models/alias', { name: 'churn', alias: 'champion', version: '1' });
      const answer = await mlflow.get('/registered-models/get', { name: 'churn' });
      expect(answer.status).to.equal(200);
      const version = (n: string, stage: string, extra: object = {}) => ({
        name: 'churn',
        version: n,
        creation_timestamp: T,
        last_updated_timestamp: T,
        user_id: 'anonymous',
        current_stage: stage,
        description: '',
        source: `s3://models/churn/${n}`,
        run_id: '',
        status: 'READY',
        run_link: '',
        ...extra,
      });
      expect(scrubTimes(answer.body, since)).to.deep.equal({
        registered_model: {
          name: 'churn',
          creation_timestamp: T,
          last_updated_timestamp: T,
          latest_versions: [version('2', 'None'), version('1', 'Production', { aliases: ['champion'] })],
          tags: [{ key: 'team', value: 'risk' }],
          aliases: [{ alias: 'champion', version: '1' }],
        },
      });
    });

    it('answers 404 RESOURCE_DOES_NOT_EXIST for an unknown name, in MLflow words', async () => {
      const answer = await mlflow.get('/registered-models/get', { name: 'ghost' });
      expect(answer.status).to.equal(404);
      expect(answer.body).to.deep.equal({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: 'Registered Model with name=ghost not found',
        details: { field: 'name' },
      });
    });

    it('names a missing query parameter', async () => {
      const answer = await mlflow.get('/registered-models/get');
      expect(answer.status).to.equal(400);
      expect(answer.body).to.include({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'query/name is required',
      });
    });

    it('is served under /ajax-api/2.0/mlflow too', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const ajax = mlflowClient(server.url, '/ajax-api/2.0/mlflow');
      const answer = await ajax.get('/registered-models/get', { name: 'churn' });
      expect(answer.status).to.equal(200);
      expect(scrubTimes(answer.body, since)).to.deep.equal({
        registered_model: { name: 'churn', creation_timestamp: T, last_updated_timestamp: T },
      });
    });
  });

  describe('POST registered-models/rename', () => {
    it('renames the model; its versions follow and the old name is gone', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      await mlflow.post('/model-versions/create', { name: 'churn', source: 's3://models/churn/1' });
      const answer = await mlflow.post('/registered-models/rename', { name: 'churn', new_name: 'attrition' });
      expect(answer.status).to.equal(200);
      expect(scrubTimes(answer.body, since)).to.deep.include({
        registered_model: {
          name: 'attrition',
          creation_timestamp: T,
          last_updated_timestamp: T,
          latest_versions: [
            {
              name: 'attrition',
              version: '1',
              creation_timestamp: T,
              last_updated_timestamp: T,
              user_id: 'anonymous',
              current_stage: 'None',
              description: '',
              source: 's3://models/churn/1',
              run_id: '',
              status: 'READY',
              run_link: '',
            },
          ],
        },
      });
      expect((await mlflow.get('/model-versions/get', { name: 'attrition', version: '1' })).status).to.equal(
        200,
      );
      expect((await mlflow.get('/registered-models/get', { name: 'churn' })).status).to.equal(404);
    });

    it('answers 400 RESOURCE_ALREADY_EXISTS naming new_name for a taken name', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      await mlflow.post('/registered-models/create', { name: 'attrition' });
      const answer = await mlflow.post('/registered-models/rename', { name: 'churn', new_name: 'attrition' });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.deep.equal({
        error_code: 'RESOURCE_ALREADY_EXISTS',
        message: 'Registered Model (name=attrition) already exists.',
        details: { field: 'new_name' },
      });
      expect((await mlflow.get('/registered-models/get', { name: 'churn' })).status).to.equal(200);
    });

    it('requires new_name', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const answer = await mlflow.post('/registered-models/rename', { name: 'churn' });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.deep.equal(missing('new_name'));
    });
  });

  describe('PATCH registered-models/update', () => {
    it('sets the description, and clears it when the request has none, as MLflow', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const answer = await mlflow.patch('/registered-models/update', {
        name: 'churn',
        description: 'v2 of churn',
      });
      expect(answer.status).to.equal(200);
      expect(scrubTimes(answer.body, since)).to.deep.equal({
        registered_model: {
          name: 'churn',
          creation_timestamp: T,
          last_updated_timestamp: T,
          description: 'v2 of churn',
        },
      });
      const cleared = await mlflow.patch('/registered-models/update', { name: 'churn' });
      expect(scrubTimes(cleared.body, since)).to.deep.equal({
        registered_model: { name: 'churn', creation_timestamp: T, last_updated_timestamp: T },
      });
    });

    it('answers 404 for an unknown model', async () => {
      const answer = await mlflow.patch('/registered-models/update', { name: 'ghost', description: 'x' });
      expect(answer.status).to.equal(404);
      expect(answer.body).to.deep.equal({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: 'Registered Model with name=ghost not found',
        details: { field: 'name' },
      });
    });
  });

  describe('DELETE registered-models/delete', () => {
    it('deletes with the JSON body the client sends, answering {}', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const answer = await mlflow.delete('/registered-models/delete', { name: 'churn' });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({});
      expect((await mlflow.get('/registered-models/get', { name: 'churn' })).status).to.equal(404);
    });

    it('takes the name from the query string too', async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      const answer = await fetch(`${server.url}/api/2.0/mlflow/registered-models/delete?name=churn`, {
        method: 'DELETE',
      });
      expect(answer.status).to.equal(200);
      expect(await answer.json()).to.deep.equal({});
      expect((await mlflow.get('/registered-models/get', { name: 'churn' })).status).to.equal(404);
    });

    it("answers MLflow's message when no name is given, and 404 for an unknown one", async () => {
      const none = await mlflow.delete('/registered-models/delete', {});
      expect(none.status).to.equal(400);
      expect(none.body).to.deep.equal({
        error_code: 'INVALID_PARAMETER_VALUE',
        message:
          "Missing value for required parameter 'name'. See the API docs for more information about request parameters.",
        details: { field: 'name' },
      });
      const unknown = await mlflow.delete('/registered-models/delete', { name: 'ghost' });
      expect(unknown.status).to.equal(404);
      expect(unknown.body).to.deep.equal({
        error_code: 'RESOURCE_DOES_NOT_EXIST',
        message: 'Registered Model with name=ghost not found',
        details: { field: 'name' },
      });
    });
  });

  describe('GET registered-models/search', () => {
    beforeEach(async () => {
      for (const name of ['fraud-a', 'churn-b', 'churn-a', 'churn-c', 'churn-d']) {
        await mlflow.post('/registered-models/create', { name });
      }
    });

    it('pages through the matches with page tokens, the last page without one', async () => {
      const names: string[][] = [];
      let token: string | undefined;
      do {
        const answer = await mlflow.get('/registered-models/search', {
          filter: "name LIKE 'churn-%'",
          max_results: 2,
          ...(token === undefined ? {} : { page_token: token }),
        });
        expect(answer.status).to.equal(200);
        const body = answer.body as { registered_models: { name: string }[]; next_page_token?: string };
        expect(Object.keys(body).sort()).to.deep.equal(
          body.next_page_token === undefined
            ? ['registered_models']
            : ['next_page_token', 'registered_models'],
        );
        names.push(body.registered_models.map((m) => m.name));
        token = body.next_page_token;
      } while (token !== undefined);
      expect(names).to.deep.equal([
        ['churn-a', 'churn-b'],
        ['churn-c', 'churn-d'],
      ]);
    });

    it('answers whole models, ordered as asked, with the client default max_results', async () => {
      const answer = await mlflow.get('/registered-models/search', {
        filter: "name = 'fraud-a' OR name = 'churn-a'",
        max_results: 100,
        order_by: ['name DESC'],
      });
      expect(scrubTimes(answer.body, since)).to.deep.equal({
        registered_models: [
          { name: 'fraud-a', creation_timestamp: T, last_updated_timestamp: T },
          { name: 'churn-a', creation_timestamp: T, last_updated_timestamp: T },
        ],
      });
    });

    it('answers {} when nothing matches, as protobuf JSON leaves out empty lists', async () => {
      const answer = await mlflow.get('/registered-models/search', {
        filter: "name = 'ghost'",
        max_results: 100,
      });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.deep.equal({});
    });

    it("refuses MLflow's out-of-range max_results, a bad filter and a foreign page token", async () => {
      const tooMany = await mlflow.get('/registered-models/search', { max_results: 1001 });
      expect(tooMany.status).to.equal(400);
      expect(tooMany.body).to.include({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'query/max_results must be <= 1000',
      });
      const notANumber = await mlflow.get('/registered-models/search', { max_results: 'ten' });
      expect(notANumber.status).to.equal(400);
      expect(notANumber.body).to.include({ message: 'query/max_results must be integer' });
      const badFilter = await mlflow.get('/registered-models/search', { filter: "name = 'churn" });
      expect(badFilter.status).to.equal(400);
      expect((badFilter.body as { error_code: string }).error_code).to.equal('INVALID_PARAMETER_VALUE');
      expect((badFilter.body as { details: { field: string } }).details.field).to.equal('filter');
      const badOrder = await mlflow.get('/registered-models/search', { order_by: ['owner ASC'] });
      expect(badOrder.status).to.equal(400);
      expect((badOrder.body as { details: { field: string } }).details.field).to.equal('order_by[0]');
      const badToken = await mlflow.get('/registered-models/search', { page_token: 'not-a-token' });
      expect(badToken.status).to.equal(400);
      expect(badToken.body).to.deep.equal({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'page_token "not-a-token" is not a page token',
        details: { field: 'page_token' },
      });
    });
  });

  describe('registered-models/get-latest-versions', () => {
    beforeEach(async () => {
      await mlflow.post('/registered-models/create', { name: 'churn' });
      for (let i = 1; i <= 3; i++) {
        await mlflow.post('/model-versions/create', { name: 'churn', source: `s3://models/churn/${i}` });
      }
      await mlflow.post('/model-versions/transition-stage', {
        name: 'churn',
        version: '1',
        stage: 'Staging',
        archive_existing_versions: false,
      });
    });

    const versions = (answer: { body: unknown }) =>
      (
        (answer.body as { model_versions?: { version: string; current_stage: string }[] }).model_versions ??
        []
      ).map((v) => `${v.version}:${v.current_stage}`);

    it('POST (what the client sends) answers the latest version of every stage', async () => {
      const answer = await mlflow.post('/registered-models/get-latest-versions', { name: 'churn' });
      expect(answer.status).to.equal(200);
      expect(versions(answer)).to.deep.equal(['3:None', '1:Staging']);
    });

    it('GET takes stages as repeated query parameters, one or several', async () => {
      const both = await mlflow.get('/registered-models/get-latest-versions', {
        name: 'churn',
        stages: ['None', 'staging'],
      });
      expect(versions(both)).to.deep.equal(['3:None', '1:Staging']);
      const one = await mlflow.get('/registered-models/get-latest-versions', {
        name: 'churn',
        stages: ['Staging'],
      });
      expect(versions(one)).to.deep.equal(['1:Staging']);
      const none = await mlflow.post('/registered-models/get-latest-versions', {
        name: 'churn',
        stages: ['Production'],
      });
      expect(none.body).to.deep.equal({});
    });

    it('refuses an unknown stage, naming it', async () => {
      const answer = await mlflow.post('/registered-models/get-latest-versions', {
        name: 'churn',
        stages: ['Prod'],
      });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.deep.equal({
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'stages[0] "Prod" is not one of None, Staging, Production, Archived',
        details: { field: 'stages[0]' },
      });
    });
  });
});
