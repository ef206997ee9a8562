import { expect } from 'chai';
import { expectMlflowError, known, okBody } from './expectAnswer.js';
import { PythonMlflowClient } from './pythonMlflowClient.js';
import { startTrackingServer, type TrackingServer } from './startTrackingServer.js';

describe('MLflow REST API 2.0: experiments, as the Python client calls them', function () {
  this.timeout(30_000);
  let server: TrackingServer;
  let client: PythonMlflowClient;
  let since: number;

  before(async () => {
    since = Date.now();
    server = await startTrackingServer();
    client = new PythonMlflowClient(server.url);
  });
  after(() => server.stop());

  const defaultExperiment = {
    experiment_id: '0',
    name: 'Default',
    artifact_location: 'mlflow-artifacts:/0',
    lifecycle_stage: 'active',
    last_update_time: '<now>',
    creation_time: '<now>',
  };
  const churn = {
    experiment_id: '1',
    name: 'churn',
    artifact_location: 'mlflow-artifacts:/1',
    lifecycle_stage: 'active',
    last_update_time: '<now>',
    creation_time: '<now>',
    tags: [{ key: 'team', value: 'vision' }],
  };

  it('experiments/create answers the new id; a taken name is 400 RESOURCE_ALREADY_EXISTS', async () => {
    const created = await client.call('POST', '/mlflow/experiments/create', {
      name: 'churn',
      tags: [{ key: 'team', value: 'vision' }],
    });
    expect(okBody(created)).to.deep.equal({ experiment_id: '1' });
    expect(created.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    const again = await client.call('POST', '/mlflow/experiments/create', { name: 'churn' });
    expectMlflowError(again, 400, 'RESOURCE_ALREADY_EXISTS', 'Experiment(name=churn) already exists.');
    const missing = await client.call('POST', '/mlflow/experiments/create', {});
    expectMlflowError(missing, 400, 'INVALID_PARAMETER_VALUE', 'body/name is required');
    expect(Number((await server.db('tracking_experiments').count({ n: '*' }).first())?.n)).to.equal(2);
  });

  it('experiments/get answers the whole experiment; an unknown id is 404 RESOURCE_DOES_NOT_EXIST', async () => {
    const got = await client.call('GET', '/mlflow/experiments/get', { experiment_id: '1' });
    expect(known(okBody(got), since)).to.deep.equal({ experiment: churn });
    const ajax = await client.call('GET', '/mlflow/experiments/get', { experiment_id: '1' }, { ajax: true });
    expect(ajax.body).to.deep.equal(got.body);
    const unknown = await client.call('GET', '/mlflow/experiments/get', { experiment_id: '999' });
    expectMlflowError(unknown, 404, 'RESOURCE_DOES_NOT_EXIST', 'No Experiment with id=999 exists');
  });

  it('experiments/get-by-name finds it; an unknown name is 404, which the client relies on', async () => {
    const got = await client.call('GET', '/mlflow/experiments/get-by-name', { experiment_name: 'churn' });
    expect(known(okBody(got), since)).to.deep.equal({ experiment: churn });
    const unknown = await client.call('GET', '/mlflow/experiments/get-by-name', { experiment_name: 'nope' });
    expectMlflowError(unknown, 404, 'RESOURCE_DOES_NOT_EXIST', "Could not find experiment with name 'nope'");
  });

  it('experiments/search (POST) orders by creation time, newest first, and pages with next_page_token', async () => {
    const all = await client.call('POST', '/mlflow/experiments/search', {
      max_results: 1000,
      view_type: 'ACTIVE_ONLY',
    });
    expect(known(okBody(all), since)).to.deep.equal({ experiments: [churn, defaultExperiment] });
    const first = okBody(
      await client.call('POST', '/mlflow/experiments/search', { max_results: 1, view_type: 'ACTIVE_ONLY' }),
    ) as {
      experiments: unknown[];
      next_page_token: string;
    };
    expect(known(first.experiments, since)).to.deep.equal([churn]);
    expect(first.next_page_token).to.be.a('string');
    const second = await client.call('POST', '/mlflow/experiments/search', {
      max_results: 1,
      page_token: first.next_page_token,
      view_type: 'ACTIVE_ONLY',
    });
    expect(known(okBody(second), since)).to.deep.equal({ experiments: [defaultExperiment] });
    const filtered = await client.call('POST', '/mlflow/experiments/search', {
      max_results: 1000,
      filter: "tags.team = 'vision'",
      view_type: 'ACTIVE_ONLY',
    });
    expect(known(okBody(filtered), since)).to.deep.equal({ experiments: [churn] });
    const none = await client.call('POST', '/mlflow/experiments/search', {
      max_results: 1000,
      filter: "name = 'nothing'",
      view_type: 'ACTIVE_ONLY',
    });
    expect(okBody(none)).to.deep.equal({});
  });

  it('experiments/search (GET) takes the same fields from the query string, int64s as strings', async () => {
    const page = await client.call('GET', '/mlflow/experiments/search', {
      max_results: '1',
      order_by: ['name ASC'],
      view_type: 'ALL',
    });
    const body = okBody(page) as { experiments: unknown[]; next_page_token: string };
    // Code point order, as on MLflow's SQL stores: upper case first.
    expect(known(body.experiments, since)).to.deep.equal([defaultExperiment]);
    const next = await client.call('GET', '/mlflow/experiments/search', {
      max_results: '1',
      order_by: ['name ASC'],
      view_type: 'ALL',
      page_token: body.next_page_token,
    });
    expect(known(okBody(next), since)).to.deep.equal({ experiments: [churn] });
    const numbered = await client.call('GET', '/mlflow/experiments/search', { max_results: 5, view_type: 1 });
    expect(known(okBody(numbered), since)).to.deep.equal({ experiments: [churn, defaultExperiment] });
  });

  it('experiments/search refuses a bad filter or max_results with 400 INVALID_PARAMETER_VALUE', async () => {
    const bad = await client.call('POST', '/mlflow/experiments/search', {
      max_results: 1000,
      filter: 'name ~ 1',
    });
    expect(bad.status).to.equal(400);
    expect((bad.body as { error_code: string }).error_code).to.equal('INVALID_PARAMETER_VALUE');
    const tooMany = await client.call('POST', '/mlflow/experiments/search', { max_results: 50001 });
    expectMlflowError(
      tooMany,
      400,
      'INVALID_PARAMETER_VALUE',
      'Invalid value for request parameter max_results. It must be at most 50000, but got value 50001',
    );
    const badToken = await client.call('POST', '/mlflow/experiments/search', {
      max_results: 10,
      page_token: 'abc',
    });
    expect(badToken.status).to.equal(400);
    expect((badToken.body as { details: { field: string } }).details.field).to.equal('page_token');
  });

  it('experiments/update renames; set-experiment-tag and delete-experiment-tag answer {}', async () => {
    const created = okBody(await client.call('POST', '/mlflow/experiments/create', { name: 'scratch' })) as {
      experiment_id: string;
    };
    expect(created).to.deep.equal({ experiment_id: '2' });
    expect(
      okBody(
        await client.call('POST', '/mlflow/experiments/update', {
          experiment_id: '2',
          new_name: 'scratch-2',
        }),
      ),
    ).to.deep.equal({});
    expect(
      okBody(
        await client.call('POST', '/mlflow/experiments/set-experiment-tag', {
          experiment_id: '2',
          key: 'stage',
          value: 'dev',
        }),
      ),
    ).to.deep.equal({});
    const tagged = okBody(await client.call('GET', '/mlflow/experiments/get', { experiment_id: '2' }));
    expect(known(tagged, since)).to.deep.equal({
      experiment: {
        experiment_id: '2',
        name: 'scratch-2',
        artifact_location: 'mlflow-artifacts:/2',
        lifecycle_stage: 'active',
        last_update_time: '<now>',
        creation_time: '<now>',
        tags: [{ key: 'stage', value: 'dev' }],
      },
    });
    expect(
      okBody(
        await client.call('POST', '/mlflow/experiments/delete-experiment-tag', {
          experiment_id: '2',
          key: 'stage',
        }),
      ),
    ).to.deep.equal({});
    const untagged = okBody(await client.call('GET', '/mlflow/experiments/get', { experiment_id: '2' })) as {
      experiment: Record<string, unknown>;
    };
    expect(untagged.experiment).to.not.have.property('tags');
    const taken = await client.call('POST', '/mlflow/experiments/update', {
      experiment_id: '2',
      new_name: 'churn',
    });
    expectMlflowError(taken, 400, 'RESOURCE_ALREADY_EXISTS', 'Experiment(name=churn) already exists.');
  });

  it('experiments/delete soft-deletes and experiments/restore brings it back; deleted ones show in DELETED_ONLY', async () => {
    expect(
      okBody(await client.call('POST', '/mlflow/experiments/delete', { experiment_id: '2' })),
    ).to.deep.equal({});
    const deleted = okBody(await client.call('GET', '/mlflow/experiments/get', { experiment_id: '2' })) as {
      experiment: { lifecycle_stage: string };
    };
    expect(deleted.experiment.lifecycle_stage).to.equal('deleted');
    const listed = okBody(
      await client.call('POST', '/mlflow/experiments/search', {
        max_results: 1000,
        view_type: 'DELETED_ONLY',
      }),
    ) as { experiments: { experiment_id: string }[] };
    expect(listed.experiments.map((e) => e.experiment_id)).to.deep.equal(['2']);
    const again = await client.call('POST', '/mlflow/experiments/delete', { experiment_id: '2' });
    expect(again.status).to.equal(404);
    expect(
      okBody(await client.call('POST', '/mlflow/experiments/restore', { experiment_id: '2' })),
    ).to.deep.equal({});
    const restored = okBody(await client.call('GET', '/mlflow/experiments/get', { experiment_id: '2' })) as {
      experiment: { lifecycle_stage: string };
    };
    expect(restored.experiment.lifecycle_stage).to.equal('active');
  });
});
