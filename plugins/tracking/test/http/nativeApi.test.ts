import { expect } from 'chai';
import { known } from './expectAnswer.js';
import { send, type WireAnswer } from './pythonMlflowClient.js';
import { startTrackingServer, type TrackingServer } from './startTrackingServer.js';

const start = 1_700_000_000_000;

describe('native REST API (/api/v1): tracking', function () {
  this.timeout(30_000);
  let server: TrackingServer;
  let since: number;
  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    send(`${server.url}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const expectStatus = (answer: WireAnswer, status: number) => {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    return answer.body as Record<string, unknown>;
  };
  let runId: string;

  before(async () => {
    since = Date.now();
    server = await startTrackingServer();
  });
  after(() => server.stop());

  it('POST /experiments answers 201 with Location and the experiment; a taken name is 409', async () => {
    const created = await api('POST', '/experiments', { name: 'churn', tags: { team: 'vision' } });
    expect(known(expectStatus(created, 201), since)).to.deep.equal({
      experiment_id: '1',
      name: 'churn',
      artifact_location: 'mlflow-artifacts:/1',
      lifecycle_stage: 'active',
      creation_time: '<now>',
      last_update_time: '<now>',
      tags: { team: 'vision' },
    });
    expect(created.headers.get('location')).to.equal('/api/v1/experiments/1');
    const again = await api('POST', '/experiments', { name: 'churn' });
    expect(expectStatus(again, 409)).to.deep.include({
      error_code: 'ALREADY_EXISTS',
      message: 'Experiment(name=churn) already exists.',
    });
    const typo = await api('POST', '/experiments', { name: 'x', tag: {} });
    expect(expectStatus(typo, 400)).to.deep.include({
      error_code: 'INVALID_ARGUMENT',
      message: 'body/tag is not allowed',
    });
  });

  it('GET, PATCH, tags, DELETE (204) and restore of an experiment', async () => {
    const fetched = expectStatus(await api('GET', '/experiments/1'), 200);
    expect(fetched.name).to.equal('churn');
    const renamed = expectStatus(await api('PATCH', '/experiments/1', { name: 'churn-v2' }), 200);
    expect(renamed.name).to.equal('churn-v2');
    const tagged = await api('PUT', '/experiments/1/tags/owner', { value: 'ana' });
    expect(tagged.status).to.equal(204);
    expect(tagged.body).to.equal('');
    expect(expectStatus(await api('GET', '/experiments/1'), 200).tags).to.deep.equal({
      owner: 'ana',
      team: 'vision',
    });
    expect((await api('DELETE', '/experiments/1/tags/owner')).status).to.equal(204);
    expect((await api('DELETE', '/experiments/1')).status).to.equal(204);
    expect(expectStatus(await api('GET', '/experiments/1'), 200).lifecycle_stage).to.equal('deleted');
    const restored = expectStatus(await api('POST', '/experiments/1/restore'), 200);
    expect(restored.lifecycle_stage).to.equal('active');
    expect(expectStatus(await api('GET', '/experiments/42'), 404)).to.deep.equal({
      error_code: 'NOT_FOUND',
      message: 'No Experiment with id=42 exists',
      details: { field: 'experiment_id' },
    });
  });

  it('GET /experiments pages with page_token / next_page_token and filters', async () => {
    await api('POST', '/experiments', { name: 'other' });
    const first = expectStatus(await api('GET', '/experiments?max_results=2&order_by=name%20ASC'), 200) as {
      experiments: { name: string }[];
      next_page_token: string;
    };
    expect(first.experiments.map((e) => e.name)).to.deep.equal(['Default', 'churn-v2']);
    const second = expectStatus(
      await api('GET', `/experiments?max_results=2&order_by=name%20ASC&page_token=${first.next_page_token}`),
      200,
    );
    expect(second).to.not.have.property('next_page_token');
    expect((second.experiments as { name: string }[]).map((e) => e.name)).to.deep.equal(['other']);
    const filtered = expectStatus(
      await api('GET', `/experiments?filter=${encodeURIComponent("name LIKE 'ch%'")}`),
      200,
    ) as {
      experiments: { name: string }[];
    };
    expect(filtered.experiments.map((e) => e.name)).to.deep.equal(['churn-v2']);
    const bad = expectStatus(await api('GET', '/experiments?max_results=0'), 400);
    expect(bad.message).to.equal('query/max_results must be >= 1');
  });

  it('POST /runs answers 201 with Location; GET /runs/:id answers the run', async () => {
    const created = await api('POST', '/runs', {
      experiment_id: '1',
      run_name: 'baseline',
      start_time: start,
      tags: { team: 'vision' },
    });
    const body = expectStatus(created, 201);
    runId = body.run_id as string;
    expect(created.headers.get('location')).to.equal(`/api/v1/runs/${runId}`);
    const expected = {
      run_id: '<run>',
      run_name: 'baseline',
      experiment_id: '1',
      user_id: 'anonymous',
      status: 'RUNNING',
      start_time: start,
      artifact_uri: 'mlflow-artifacts:/1/<run>/artifacts',
      lifecycle_stage: 'active',
      metrics: [],
      params: {},
      tags: { 'mlflow.runName': 'baseline', team: 'vision' },
      inputs: [],
    };
    expect(known(body, since, { [runId]: '<run>' })).to.deep.equal(expected);
    expect(
      known(expectStatus(await api('GET', `/runs/${runId}`), 200), since, { [runId]: '<run>' }),
    ).to.deep.equal(expected);
    expect(expectStatus(await api('GET', `/runs/${'0'.repeat(32)}`), 404).error_code).to.equal('NOT_FOUND');
  });

  it('logs metrics, params, tags, a batch and inputs (204 each); the history downsamples with max_points', async () => {
    const metrics = Array.from({ length: 100 }, (_, step) => ({
      key: 'loss',
      value: 1 / (step + 1),
      timestamp: start + step,
      step,
    }));
    expect((await api('POST', `/runs/${runId}/metrics`, { metrics })).status).to.equal(204);
    expect(
      (await api('POST', `/runs/${runId}/metrics`, { metrics: [{ key: 'nan', value: 'NaN' }] })).status,
    ).to.equal(204);
    expect(
      (await api('POST', `/runs/${runId}/params`, { params: [{ key: 'lr', value: '0.01' }] })).status,
    ).to.equal(204);
    expect((await api('PUT', `/runs/${runId}/tags/stage`, { value: 'dev' })).status).to.equal(204);
    expect((await api('DELETE', `/runs/${runId}/tags/team`)).status).to.equal(204);
    expect(
      (
        await api('POST', `/runs/${runId}/batch`, {
          params: [{ key: 'depth', value: '6' }],
          tags: [{ key: 'k', value: 'v' }],
        })
      ).status,
    ).to.equal(204);
    const inputs = {
      datasets: [
        {
          dataset: { name: 'iris', digest: 'abc', source_type: 'local', source: '{}' },
          tags: { context: 'train' },
        },
      ],
    };
    expect((await api('POST', `/runs/${runId}/inputs`, inputs)).status).to.equal(204);
    const run = expectStatus(await api('GET', `/runs/${runId}`), 200);
    expect(run.params).to.deep.equal({ depth: '6', lr: '0.01' });
    expect(run.tags).to.deep.equal({ k: 'v', 'mlflow.runName': 'baseline', stage: 'dev' });
    expect((run.metrics as { key: string; value: unknown }[]).map((m) => [m.key, m.value])).to.deep.equal([
      ['loss', 0.01],
      ['nan', 'NaN'],
    ]);
    expect(run.inputs).to.deep.equal([
      {
        dataset: { name: 'iris', digest: 'abc', source_type: 'local', source: '{}' },
        tags: { context: 'train' },
      },
    ]);

    const page = expectStatus(
      await api('GET', `/runs/${runId}/metrics/loss/history?max_results=40`),
      200,
    ) as {
      points: { step: number }[];
      next_page_token: string;
      total_points: number;
      sampled: boolean;
    };
    expect(page.points.map((p) => p.step)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i));
    expect(page).to.deep.include({ key: 'loss', sampled: false, total_points: 100 });
    const next = expectStatus(
      await api(
        'GET',
        `/runs/${runId}/metrics/loss/history?max_results=40&page_token=${page.next_page_token}`,
      ),
      200,
    ) as { points: { step: number }[] };
    expect(next.points[0]?.step).to.equal(40);
    const sampled = expectStatus(
      await api('GET', `/runs/${runId}/metrics/loss/history?max_points=10`),
      200,
    ) as {
      points: unknown[];
      sampled: boolean;
    };
    expect(sampled.sampled).to.equal(true);
    expect(sampled.points.length).to.be.at.most(10).and.at.least(2);
    const tooFew = expectStatus(await api('GET', `/runs/${runId}/metrics/loss/history?max_points=1`), 400);
    expect(tooFew.message).to.equal('query/max_points must be >= 2');
    const changed = expectStatus(
      await api('POST', `/runs/${runId}/params`, { params: [{ key: 'lr', value: '0.1' }] }),
      400,
    );
    expect(changed.error_code).to.equal('INVALID_ARGUMENT');
  });

  it('searches runs with GET /runs (filter, order, projection, count) and POST /runs/search, by cursor', async () => {
    const second = expectStatus(
      await api('POST', '/runs', { experiment_id: '1', run_name: 'tuned', start_time: start + 5 }),
      201,
    );
    await api('POST', `/runs/${second.run_id as string}/metrics`, {
      metrics: [{ key: 'loss', value: 0.001, step: 0 }],
    });
    const query = new URLSearchParams({
      experiment_id: '1',
      filter: 'metrics.loss < 1',
      order_by: 'metrics.loss ASC',
      max_results: '1',
      include: 'params',
      count: 'true',
    });
    const first = expectStatus(await api('GET', `/runs?${query}`), 200) as {
      runs: Record<string, unknown>[];
      next_page_token: string;
      total_count: number;
    };
    expect(first.total_count).to.equal(2);
    expect(first.runs.map((r) => r.run_name)).to.deep.equal(['tuned']);
    expect(first.runs[0]).to.have.property('params');
    expect(first.runs[0]).to.not.have.property('metrics');
    query.set('page_token', first.next_page_token);
    const rest = expectStatus(await api('GET', `/runs?${query}`), 200) as { runs: { run_name: string }[] };
    expect(rest.runs.map((r) => r.run_name)).to.deep.equal(['baseline']);
    const posted = expectStatus(
      await api('POST', '/runs/search', { experiment_ids: ['1'], filter: "params.lr = '0.01'", include: [] }),
      200,
    ) as { runs: Record<string, unknown>[] };
    expect(posted.runs.map((r) => r.run_id)).to.deep.equal([runId]);
    expect(Object.keys(posted.runs[0]!)).to.not.include('tags');
    const badFilter = expectStatus(await api('GET', '/runs?filter=metrics.loss%20%3C'), 400);
    expect(badFilter.details).to.deep.include({ field: 'filter' });
    const badPart = expectStatus(await api('GET', '/runs?include=colour'), 400);
    expect(badPart.message).to.equal(
      'include must list parts among metrics, params, tags and inputs, got "colour"',
    );
  });

  it('compares runs side by side and two groups with a t-test', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const run = expectStatus(await api('POST', '/runs', { experiment_id: '1', start_time: start }), 201);
      ids.push(run.run_id as string);
      await api('POST', `/runs/${run.run_id as string}/metrics`, {
        metrics: [{ key: 'acc', value: i < 2 ? 0.9 + i / 100 : 0.8 + i / 100 }],
      });
    }
    const side = expectStatus(await api('POST', '/runs/compare', { run_ids: ids.slice(0, 2) }), 200) as {
      runs: { run_id: string }[];
      metrics: { key: string; values: unknown[] }[];
    };
    expect(side.runs.map((r) => r.run_id)).to.deep.equal(ids.slice(0, 2));
    expect(side.metrics).to.deep.equal([{ key: 'acc', values: [0.9, 0.91] }]);
    const groups = expectStatus(
      await api('POST', '/runs/compare-groups', { metric: 'acc', a: ids.slice(0, 2), b: ids.slice(2) }),
      200,
    );
    expect(groups.metric).to.equal('acc');
    expect(groups.a).to.deep.include({ n: 2 });
    expect(groups.mean_difference as number).to.be.closeTo(0.905 - 0.825, 1e-9);
    const tooSmall = expectStatus(
      await api('POST', '/runs/compare-groups', { metric: 'acc', a: [ids[0]], b: ids.slice(2) }),
      400,
    );
    expect(tooSmall.message).to.equal('body/a must NOT have fewer than 2 items');
  });

  it('uploads (201, Location), lists, downloads (Range: 206) and deletes (204) run artifacts', async () => {
    const put = await send(`${server.url}/api/v1/runs/${runId}/artifacts/plots/loss%20curve.svg`, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/svg+xml' },
      body: '<svg>0123456789</svg>',
    });
    expect(expectStatus(put, 201)).to.deep.equal({ path: 'plots/loss curve.svg', is_dir: false, size: 21 });
    expect(put.headers.get('location')).to.equal(`/api/v1/runs/${runId}/artifacts/plots/loss%20curve.svg`);
    const listed = expectStatus(await api('GET', `/runs/${runId}/artifacts`), 200);
    expect(listed).to.deep.equal({ files: [{ path: 'plots', is_dir: true }] });
    const inDir = expectStatus(await api('GET', `/runs/${runId}/artifacts?path=plots`), 200);
    expect(inDir).to.deep.equal({ files: [{ path: 'plots/loss curve.svg', is_dir: false, size: 21 }] });
    const whole = await fetch(`${server.url}/api/v1/runs/${runId}/artifacts/plots/loss%20curve.svg`);
    expect(whole.status).to.equal(200);
    expect(whole.headers.get('content-type')).to.equal('image/svg+xml');
    expect(whole.headers.get('content-length')).to.equal('21');
    expect(await whole.text()).to.equal('<svg>0123456789</svg>');
    const part = await fetch(`${server.url}/api/v1/runs/${runId}/artifacts/plots/loss%20curve.svg`, {
      headers: { Range: 'bytes=5-9' },
    });
    expect(part.status).to.equal(206);
    expect(part.headers.get('content-range')).to.equal('bytes 5-9/21');
    expect(await part.text()).to.equal('01234');
    const past = await fetch(`${server.url}/api/v1/runs/${runId}/artifacts/plots/loss%20curve.svg`, {
      headers: { Range: 'bytes=50-' },
    });
    expect(past.status).to.equal(416);
    expect(past.headers.get('content-range')).to.equal('bytes */21');
    expect((await api('DELETE', `/runs/${runId}/artifacts/plots`)).status).to.equal(204);
    const gone = expectStatus(await api('GET', `/runs/${runId}/artifacts/plots/loss%20curve.svg`), 404);
    expect(gone.message).to.equal(`run ${runId} has no artifact "plots/loss curve.svg"`);
  });

  it('PATCH ends a run; DELETE is 204 and restore brings it back', async () => {
    const ended = expectStatus(
      await api('PATCH', `/runs/${runId}`, { status: 'FINISHED', end_time: start + 1000 }),
      200,
    );
    expect(ended).to.deep.include({ status: 'FINISHED', end_time: start + 1000 });
    const bad = expectStatus(await api('PATCH', `/runs/${runId}`, { status: 'DONE' }), 400);
    expect(bad.message).to.equal(
      'body/status must be one of "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"',
    );
    expect((await api('DELETE', `/runs/${runId}`)).status).to.equal(204);
    const write = expectStatus(await api('PUT', `/runs/${runId}/tags/x`, { value: 'y' }), 409);
    expect(write).to.deep.include({
      error_code: 'FAILED_PRECONDITION',
      message: `The run ${runId} must be in the 'active' state. Current state is deleted.`,
    });
    expect(expectStatus(await api('POST', `/runs/${runId}/restore`), 200).lifecycle_stage).to.equal('active');
  });
});
