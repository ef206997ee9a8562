import { expect } from 'chai';
import { expectMlflowError, known, okBody } from './expectAnswer.js';
import { PythonMlflowClient } from './pythonMlflowClient.js';
import { startTrackingServer, type TrackingServer } from './startTrackingServer.js';

const start = 1_700_000_000_000;

/** The tags `mlflow.start_run()` sets, as the Python client sends them. */
const clientTags = [
  { key: 'mlflow.user', value: 'alice' },
  { key: 'mlflow.source.name', value: 'train.py' },
  { key: 'mlflow.source.type', value: 'LOCAL' },
];

describe('MLflow REST API 2.0: runs, as the Python client calls them', function () {
  this.timeout(30_000);
  let server: TrackingServer;
  let client: PythonMlflowClient;
  let since: number;
  let runId: string;
  let ids: Record<string, string>;

  before(async () => {
    since = Date.now();
    server = await startTrackingServer();
    client = new PythonMlflowClient(server.url);
    okBody(await client.call('POST', '/mlflow/experiments/create', { name: 'churn' }));
  });
  after(() => server.stop());

  const info = (overrides: Record<string, unknown> = {}) => ({
    run_uuid: '<run>',
    experiment_id: '1',
    run_name: 'baseline',
    user_id: 'alice',
    status: 'RUNNING',
    start_time: start,
    artifact_uri: 'mlflow-artifacts:/1/<run>/artifacts',
    lifecycle_stage: 'active',
    run_id: '<run>',
    ...overrides,
  });
  const startTags = [
    { key: 'mlflow.runName', value: 'baseline' },
    { key: 'mlflow.source.name', value: 'train.py' },
    { key: 'mlflow.source.type', value: 'LOCAL' },
    { key: 'mlflow.user', value: 'alice' },
  ];

  it('runs/create answers the RUNNING run with its tags and no inputs, as MLflow', async () => {
    const created = await client.call('POST', '/mlflow/runs/create', {
      experiment_id: '1',
      user_id: 'alice',
      run_name: 'baseline',
      start_time: start,
      tags: clientTags,
    });
    const body = okBody(created) as { run: { info: { run_id: string } } };
    runId = body.run.info.run_id;
    expect(runId).to.match(/^[0-9a-f]{32}$/);
    ids = { [runId]: '<run>' };
    expect(known(body, since, ids)).to.deep.equal({ run: { info: info(), data: { tags: startTags } } });
  });

  it('runs/create refuses an unknown experiment (404) and a name that differs from the mlflow.runName tag (400)', async () => {
    const unknown = await client.call('POST', '/mlflow/runs/create', {
      experiment_id: '42',
      start_time: start,
    });
    expectMlflowError(unknown, 404, 'RESOURCE_DOES_NOT_EXIST', 'No Experiment with id=42 exists');
    const clash = await client.call('POST', '/mlflow/runs/create', {
      experiment_id: '1',
      run_name: 'a',
      start_time: start,
      tags: [{ key: 'mlflow.runName', value: 'b' }],
    });
    expectMlflowError(
      clash,
      400,
      'INVALID_PARAMETER_VALUE',
      "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='a', mlflow.runName='b').",
    );
    expect(Number((await server.db('tracking_runs').count({ n: '*' }).first())?.n)).to.equal(1);
  });

  it('runs/get takes run_uuid and run_id (or either) and answers the run with inputs', async () => {
    const both = await client.call('GET', '/mlflow/runs/get', { run_uuid: runId, run_id: runId });
    const expected = { run: { info: info(), data: { tags: startTags }, inputs: {} } };
    expect(known(okBody(both), since, ids)).to.deep.equal(expected);
    expect(
      known(okBody(await client.call('GET', '/mlflow/runs/get', { run_uuid: runId })), since, ids),
    ).to.deep.equal(expected);
    expect(
      known(okBody(await client.call('GET', '/mlflow/runs/get', { run_id: runId })), since, ids),
    ).to.deep.equal(expected);
    const unknown = await client.call('GET', '/mlflow/runs/get', { run_id: 'f'.repeat(32) });
    expectMlflowError(unknown, 404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${'f'.repeat(32)} not found`);
    const missing = await client.call('GET', '/mlflow/runs/get', {});
    expectMlflowError(
      missing,
      400,
      'INVALID_PARAMETER_VALUE',
      "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
    );
  });

  it('runs/log-metric, log-parameter, set-tag and delete-tag answer {} and show in runs/get', async () => {
    const call = (endpoint: string, fields: Record<string, unknown>) =>
      client.call('POST', endpoint, fields).then(okBody);
    expect(
      await call('/mlflow/runs/log-metric', {
        run_uuid: runId,
        key: 'loss',
        value: 0.9,
        timestamp: start + 1,
        step: 0,
        run_id: runId,
      }),
    ).to.deep.equal({});
    expect(
      await call('/mlflow/runs/log-metric', {
        run_uuid: runId,
        key: 'loss',
        value: 0.5,
        timestamp: start + 2,
        step: 1,
        run_id: runId,
      }),
    ).to.deep.equal({});
    expect(
      await call('/mlflow/runs/log-parameter', { run_uuid: runId, key: 'lr', value: '0.01', run_id: runId }),
    ).to.deep.equal({});
    expect(
      await call('/mlflow/runs/set-tag', { run_uuid: runId, key: 'stage', value: 'dev', run_id: runId }),
    ).to.deep.equal({});
    expect(
      await call('/mlflow/runs/set-tag', { run_uuid: runId, key: 'temp', value: 'x', run_id: runId }),
    ).to.deep.equal({});
    expect(await call('/mlflow/runs/delete-tag', { run_id: runId, key: 'temp' })).to.deep.equal({});
    const got = okBody(await client.call('GET', '/mlflow/runs/get', { run_uuid: runId, run_id: runId }));
    expect(known(got, since, ids)).to.deep.equal({
      run: {
        info: info(),
        data: {
          metrics: [{ key: 'loss', value: 0.5, timestamp: start + 2, step: 1 }],
          params: [{ key: 'lr', value: '0.01' }],
          tags: [...startTags, { key: 'stage', value: 'dev' }],
        },
        inputs: {},
      },
    });
  });

  it('log-parameter refuses a changed value with MLflow message; delete-tag of a missing tag is 404', async () => {
    const changed = await client.call('POST', '/mlflow/runs/log-parameter', {
      run_uuid: runId,
      key: 'lr',
      value: '0.02',
      run_id: runId,
    });
    expectMlflowError(
      changed,
      400,
      'INVALID_PARAMETER_VALUE',
      `Changing param values is not allowed. Param with key='lr' was already logged with value='0.01' for run ID='${runId}'. Attempted logging new value '0.02'.`,
    );
    const gone = await client.call('POST', '/mlflow/runs/delete-tag', { run_id: runId, key: 'nope' });
    expect(gone.status).to.equal(404);
    expect((gone.body as { error_code: string }).error_code).to.equal('RESOURCE_DOES_NOT_EXIST');
  });

  it('runs/log-batch logs metrics (NaN and infinities as strings), params and tags in one call', async () => {
    const batch = await client.call('POST', '/mlflow/runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'acc', value: 0.7, timestamp: start + 3, step: 2 },
        { key: 'acc', value: 'NaN', timestamp: start + 4, step: 3 },
        { key: 'grad', value: 'Infinity', timestamp: '1700000000005', step: '0' },
      ],
      params: [{ key: 'epochs', value: '10' }],
      tags: [{ key: 'stage', value: 'prod' }],
    });
    expect(okBody(batch)).to.deep.equal({});
    const history = await client.call('GET', '/mlflow/metrics/get-history', {
      run_uuid: runId,
      metric_key: 'acc',
      run_id: runId,
    });
    expect(okBody(history)).to.deep.equal({
      metrics: [
        { key: 'acc', value: 0.7, timestamp: start + 3, step: 2 },
        { key: 'acc', value: 'NaN', timestamp: start + 4, step: 3 },
      ],
    });
    const got = okBody(await client.call('GET', '/mlflow/runs/get', { run_id: runId })) as {
      run: { data: { metrics: unknown[]; params: unknown[]; tags: unknown[] } };
    };
    expect(got.run.data.metrics).to.deep.equal([
      { key: 'acc', value: 'NaN', timestamp: start + 4, step: 3 },
      { key: 'grad', value: 'Infinity', timestamp: start + 5, step: 0 },
      { key: 'loss', value: 0.5, timestamp: start + 2, step: 1 },
    ]);
    expect(got.run.data.params).to.deep.equal([
      { key: 'epochs', value: '10' },
      { key: 'lr', value: '0.01' },
    ]);
    expect(got.run.data.tags).to.deep.include({ key: 'stage', value: 'prod' });
  });

  it('runs/log-batch refuses past MLflow limits and stores nothing of the batch', async () => {
    const metrics = Array.from({ length: 1001 }, (_, i) => ({
      key: 'm',
      value: i,
      timestamp: start,
      step: i,
    }));
    const tooMany = await client.call('POST', '/mlflow/runs/log-batch', { run_id: runId, metrics });
    expect(tooMany.status).to.equal(400);
    expect((tooMany.body as { error_code: string }).error_code).to.equal('INVALID_PARAMETER_VALUE');
    const missingTimestamp = await client.call('POST', '/mlflow/runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'm', value: 1 }],
    });
    expectMlflowError(
      missingTimestamp,
      400,
      'INVALID_PARAMETER_VALUE',
      'body/metrics/0/timestamp is required',
    );
    const history = await client.call('GET', '/mlflow/metrics/get-history', {
      run_id: runId,
      metric_key: 'm',
    });
    expect(okBody(history)).to.deep.equal({});
  });

  it('metrics/get-history pages when max_results is given', async () => {
    const first = okBody(
      await client.call('GET', '/mlflow/metrics/get-history', {
        run_uuid: runId,
        metric_key: 'loss',
        run_id: runId,
        max_results: 1,
      }),
    ) as { metrics: unknown[]; next_page_token: string };
    expect(first.metrics).to.deep.equal([{ key: 'loss', value: 0.9, timestamp: start + 1, step: 0 }]);
    const second = await client.call('GET', '/mlflow/metrics/get-history', {
      run_id: runId,
      metric_key: 'loss',
      max_results: 1,
      page_token: first.next_page_token,
    });
    expect(okBody(second)).to.deep.equal({
      metrics: [{ key: 'loss', value: 0.5, timestamp: start + 2, step: 1 }],
    });
  });

  it('metrics/get-history-bulk-interval samples steps across runs, with run_id on each point', async () => {
    const other = okBody(
      await client.call('POST', '/mlflow/runs/create', {
        experiment_id: '1',
        run_name: 'other',
        start_time: start,
        tags: [],
      }),
    ) as { run: { info: { run_id: string } } };
    const otherId = other.run.info.run_id;
    const metrics = Array.from({ length: 10 }, (_, step) => ({
      key: 'curve',
      value: step / 10,
      timestamp: start,
      step,
    }));
    okBody(await client.call('POST', '/mlflow/runs/log-batch', { run_id: otherId, metrics }));
    const sampled = await client.call('GET', '/mlflow/metrics/get-history-bulk-interval', {
      run_ids: [otherId],
      metric_key: 'curve',
      max_results: 4,
    });
    // MLflow's sampling: steps 0, 2, 5, 7 (10 steps / 4), the last step 9, and the run's first and last.
    expect(okBody(sampled)).to.deep.equal({
      metrics: [0, 2, 5, 7, 9].map((step) => ({
        key: 'curve',
        value: step / 10,
        timestamp: start,
        step,
        run_id: otherId,
      })),
    });
    const ranged = await client.call('GET', '/mlflow/metrics/get-history-bulk-interval', {
      run_ids: [otherId, runId],
      metric_key: 'curve',
      start_step: 3,
      end_step: 4,
    });
    expect(okBody(ranged)).to.deep.equal({
      metrics: [3, 4].map((step) => ({
        key: 'curve',
        value: step / 10,
        timestamp: start,
        step,
        run_id: otherId,
      })),
    });
    const oneSided = await client.call('GET', '/mlflow/metrics/get-history-bulk-interval', {
      run_ids: [otherId],
      metric_key: 'curve',
      start_step: 3,
    });
    expectMlflowError(
      oneSided,
      400,
      'INVALID_PARAMETER_VALUE',
      'If either start step or end step are specified, both must be specified.',
    );
    const tooMany = await client.call('GET', '/mlflow/metrics/get-history-bulk-interval', {
      run_ids: [otherId],
      metric_key: 'curve',
      max_results: 2501,
    });
    expectMlflowError(
      tooMany,
      400,
      'INVALID_PARAMETER_VALUE',
      'max_results must be between 1 and 2500. See the API docs for more information about request parameters.',
    );
    okBody(await client.call('POST', '/mlflow/runs/delete', { run_id: otherId }));
  });

  it('runs/log-inputs logs datasets, shown under inputs.dataset_inputs', async () => {
    const dataset = {
      name: 'iris',
      digest: 'a1b2c3',
      source_type: 'local',
      source: '{"uri": "/data/iris.csv"}',
      schema: '{"mlflow_colspec": []}',
      profile: '{"num_rows": 150}',
    };
    const logged = await client.call('POST', '/mlflow/runs/log-inputs', {
      run_id: runId,
      datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset }],
    });
    expect(okBody(logged)).to.deep.equal({});
    const got = okBody(await client.call('GET', '/mlflow/runs/get', { run_id: runId })) as {
      run: { inputs: unknown };
    };
    expect(got.run.inputs).to.deep.equal({
      dataset_inputs: [{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset }],
    });
  });

  it('runs/log-model appends the model summary to mlflow.log-model.history as Python writes JSON', async () => {
    const model = {
      run_id: runId,
      artifact_path: 'model',
      utc_time_created: '2024-04-01 10:00:00.000000',
      flavors: {
        sklearn: { pickled_model: 'model.pkl', config: { x: 1 } },
        python_function: { env: 'conda.yaml' },
      },
      model_uuid: 'f0f0',
      mlflow_version: '2.12.2',
    };
    okBody(
      await client.call('POST', '/mlflow/runs/log-model', {
        run_id: runId,
        model_json: JSON.stringify(model),
      }),
    );
    const got = okBody(await client.call('GET', '/mlflow/runs/get', { run_id: runId })) as {
      run: { data: { tags: { key: string; value: string }[] } };
    };
    const history = got.run.data.tags.find((t) => t.key === 'mlflow.log-model.history');
    expect(history?.value).to.equal(
      `[{"run_id": "${runId}", "artifact_path": "model", "utc_time_created": "2024-04-01 10:00:00.000000", "model_uuid": "f0f0", "flavors": {"sklearn": {"pickled_model": "model.pkl"}, "python_function": {"env": "conda.yaml"}}}]`,
    );
    const bad = await client.call('POST', '/mlflow/runs/log-model', {
      run_id: runId,
      model_json: '{"run_id": "x"}',
    });
    expectMlflowError(
      bad,
      400,
      'INVALID_PARAMETER_VALUE',
      "Model json is missing mandatory fields: {'artifact_path', 'flavors', 'utc_time_created'}",
    );
  });

  it('runs/search finds runs by filter and order, pages with next_page_token, and refuses a bad filter', async () => {
    const second = okBody(
      await client.call('POST', '/mlflow/runs/create', {
        experiment_id: '1',
        user_id: 'alice',
        run_name: 'tuned',
        start_time: start + 10,
        tags: clientTags,
      }),
    ) as { run: { info: { run_id: string } } };
    const tunedId = second.run.info.run_id;
    okBody(
      await client.call('POST', '/mlflow/runs/log-batch', {
        run_id: tunedId,
        metrics: [{ key: 'loss', value: 0.2, timestamp: start + 11, step: 0 }],
      }),
    );
    ids[tunedId] = '<tuned>';
    const tunedRun = {
      info: info({
        run_uuid: '<tuned>',
        run_id: '<tuned>',
        run_name: 'tuned',
        start_time: start + 10,
        artifact_uri: 'mlflow-artifacts:/1/<tuned>/artifacts',
      }),
      data: {
        metrics: [{ key: 'loss', value: 0.2, timestamp: start + 11, step: 0 }],
        tags: startTags.map((t) => (t.key === 'mlflow.runName' ? { key: t.key, value: 'tuned' } : t)),
      },
      inputs: {},
    };
    const found = okBody(
      await client.call('POST', '/mlflow/runs/search', {
        experiment_ids: ['1'],
        filter: "metrics.loss < 0.3 and tags.`mlflow.source.type` = 'LOCAL'",
        run_view_type: 'ACTIVE_ONLY',
        max_results: 1000,
        order_by: ['metrics.loss ASC'],
      }),
    );
    expect(known(found, since, ids)).to.deep.equal({ runs: [tunedRun] });
    const first = okBody(
      await client.call('POST', '/mlflow/runs/search', {
        experiment_ids: ['1'],
        run_view_type: 'ACTIVE_ONLY',
        max_results: 1,
        order_by: ['metrics.loss DESC'],
      }),
    ) as { runs: { info: { run_id: string } }[]; next_page_token: string };
    expect(first.runs.map((r) => r.info.run_id)).to.deep.equal([runId]);
    const rest = okBody(
      await client.call('POST', '/mlflow/runs/search', {
        experiment_ids: ['1'],
        run_view_type: 'ACTIVE_ONLY',
        max_results: 1,
        order_by: ['metrics.loss DESC'],
        page_token: first.next_page_token,
      }),
    );
    expect(known(rest, since, ids)).to.deep.equal({ runs: [tunedRun] });
    expect(
      okBody(await client.call('POST', '/mlflow/runs/search', { experiment_ids: [], max_results: 10 })),
    ).to.deep.equal({});
    const bad = await client.call('POST', '/mlflow/runs/search', {
      experiment_ids: ['1'],
      filter: 'metrics.loss <',
    });
    expect(bad.status).to.equal(400);
    expect((bad.body as { error_code: string; details: { field: string } }).error_code).to.equal(
      'INVALID_PARAMETER_VALUE',
    );
    expect((bad.body as { details: { field: string } }).details.field).to.equal('filter');
    const tooMany = await client.call('POST', '/mlflow/runs/search', {
      experiment_ids: ['1'],
      max_results: 50001,
    });
    expect(tooMany.status).to.equal(400);
  });

  it('runs/update answers the run info; runs/delete and runs/restore answer {}; a deleted run refuses writes', async () => {
    const updated = await client.call('POST', '/mlflow/runs/update', {
      run_uuid: runId,
      status: 'FINISHED',
      end_time: start + 100,
      run_id: runId,
      run_name: 'baseline-final',
    });
    expect(known(okBody(updated), since, ids)).to.deep.equal({
      run_info: info({ run_name: 'baseline-final', status: 'FINISHED', end_time: start + 100 }),
    });
    expect(okBody(await client.call('POST', '/mlflow/runs/delete', { run_id: runId }))).to.deep.equal({});
    const deleted = okBody(await client.call('GET', '/mlflow/runs/get', { run_id: runId })) as {
      run: { info: { lifecycle_stage: string } };
    };
    expect(deleted.run.info.lifecycle_stage).to.equal('deleted');
    const write = await client.call('POST', '/mlflow/runs/set-tag', {
      run_uuid: runId,
      key: 'k',
      value: 'v',
      run_id: runId,
    });
    expectMlflowError(
      write,
      400,
      'INVALID_PARAMETER_VALUE',
      `The run ${runId} must be in the 'active' state. Current state is deleted.`,
    );
    expect(okBody(await client.call('POST', '/mlflow/runs/restore', { run_id: runId }))).to.deep.equal({});
    const restored = okBody(await client.call('GET', '/mlflow/runs/get', { run_id: runId })) as {
      run: { info: { lifecycle_stage: string } };
    };
    expect(restored.run.info.lifecycle_stage).to.equal('active');
  });

  it('artifacts/list answers root_uri and paths relative to the run root', async () => {
    await server.tracking.logArtifact(runId, 'model/MLmodel', 'flavors: {}', server.kernel.call);
    await server.tracking.logArtifact(runId, 'notes.txt', 'hello', server.kernel.call);
    const root = await client.call('GET', '/mlflow/artifacts/list', { run_uuid: runId, run_id: runId });
    expect(known(okBody(root), since, ids)).to.deep.equal({
      root_uri: 'mlflow-artifacts:/1/<run>/artifacts',
      files: [
        { path: 'model', is_dir: true },
        { path: 'notes.txt', is_dir: false, file_size: 5 },
      ],
    });
    const dir = await client.call('GET', '/mlflow/artifacts/list', {
      run_uuid: runId,
      run_id: runId,
      path: 'model',
    });
    expect(known(okBody(dir), since, ids)).to.deep.equal({
      root_uri: 'mlflow-artifacts:/1/<run>/artifacts',
      files: [{ path: 'model/MLmodel', is_dir: false, file_size: 11 }],
    });
    const empty = await client.call('GET', '/mlflow/artifacts/list', { run_id: runId, path: 'nothing' });
    expect(known(okBody(empty), since, ids)).to.deep.equal({
      root_uri: 'mlflow-artifacts:/1/<run>/artifacts',
    });
    const unsafe = await client.call('GET', '/mlflow/artifacts/list', { run_id: runId, path: '../x' });
    expect(unsafe.status).to.equal(400);
  });
});

describe('MLflow REST API 2.0 on PostgreSQL (smoke)', function () {
  this.timeout(600_000);
  let server: TrackingServer;
  before(async () => {
    server = await startTrackingServer({ store: 'postgres' });
  });
  after(() => server?.stop());

  it('creates an experiment and a run, logs a batch, gets and searches it', async () => {
    const client = new PythonMlflowClient(server.url);
    const since = Date.now();
    expect(okBody(await client.call('POST', '/mlflow/experiments/create', { name: 'pg' }))).to.deep.equal({
      experiment_id: '1',
    });
    const created = okBody(
      await client.call('POST', '/mlflow/runs/create', {
        experiment_id: '1',
        user_id: 'bob',
        run_name: 'r',
        start_time: start,
      }),
    ) as { run: { info: { run_id: string } } };
    const runId = created.run.info.run_id;
    okBody(
      await client.call('POST', '/mlflow/runs/log-batch', {
        run_id: runId,
        metrics: [{ key: 'auc', value: 0.91, timestamp: start + 1, step: 4 }],
        params: [{ key: 'depth', value: '6' }],
      }),
    );
    const expectedRun = {
      info: {
        run_uuid: '<run>',
        experiment_id: '1',
        run_name: 'r',
        user_id: 'bob',
        status: 'RUNNING',
        start_time: start,
        artifact_uri: 'mlflow-artifacts:/1/<run>/artifacts',
        lifecycle_stage: 'active',
        run_id: '<run>',
      },
      data: {
        metrics: [{ key: 'auc', value: 0.91, timestamp: start + 1, step: 4 }],
        params: [{ key: 'depth', value: '6' }],
        tags: [{ key: 'mlflow.runName', value: 'r' }],
      },
      inputs: {},
    };
    const ids = { [runId]: '<run>' };
    expect(
      known(
        okBody(await client.call('GET', '/mlflow/runs/get', { run_uuid: runId, run_id: runId })),
        since,
        ids,
      ),
    ).to.deep.equal({
      run: expectedRun,
    });
    const found = await client.call('POST', '/mlflow/runs/search', {
      experiment_ids: ['1'],
      filter: 'metrics.auc > 0.9',
      run_view_type: 'ACTIVE_ONLY',
      max_results: 1000,
    });
    expect(known(okBody(found), since, ids)).to.deep.equal({ runs: [expectedRun] });
  });
});
