import { createClient } from '@mlops/client';
import { expect } from 'chai';
import { type CliResult, mlops, type RemoteServer, shownTime, startRemoteServer } from './remoteServer.js';

interface RunJson {
  run_id: string;
  run_name: string;
  experiment_id: string;
  status: string;
  start_time: number;
  end_time?: number;
  lifecycle_stage: string;
  tags: Record<string, string>;
}

describe('mlops runs (against a server)', () => {
  let server: RemoteServer;
  const run = (...args: string[]): Promise<CliResult> =>
    mlops([...args, '--server', server.url], { cwd: server.dir });
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await run(...args, '--json');
    expect(r.code).to.equal(0, r.err.join('\n'));
    return JSON.parse(r.out.join('\n')) as T;
  };

  beforeEach(async () => {
    server = await startRemoteServer();
    expect((await run('experiments', 'create', 'churn')).code).to.equal(0);
  });
  afterEach(async () => {
    await server.stop();
  });

  it('creates, lists, gets, ends and deletes runs', async () => {
    const created = await run('runs', 'create', '-e', '1', '--name', 'baseline', '--tag', 'team=ml');
    expect(created.code).to.equal(0, created.err.join('\n'));
    const id = /^created run ([0-9a-f]{32}) "baseline" in experiment 1$/.exec(created.out[0]!)?.[1];
    expect(id, created.out[0]).to.be.a('string');
    const second = await json<RunJson>('runs', 'create', '--experiment', '1', '--name', 'deeper');
    expect(second).to.include({ run_name: 'deeper', experiment_id: '1', status: 'RUNNING' });

    const first = await json<RunJson>('runs', 'get', id!);
    const list = await run('runs', 'list', '-e', '1', '--order-by', 'attributes.run_name ASC');
    expect(list.out).to.deep.equal([
      'RUN ID                            NAME      EXPERIMENT  STATUS   STARTED',
      `${id}  baseline  1           RUNNING  ${shownTime(first.start_time)}`,
      `${second.run_id}  deeper    1           RUNNING  ${shownTime(second.start_time)}`,
    ]);

    await createClient({ baseUrl: server.url }).runs.logBatch(id!, {
      params: [{ key: 'lr', value: '0.1' }],
      metrics: [
        { key: 'acc', value: 0.5, step: 0 },
        { key: 'acc', value: 0.75, step: 1 },
      ],
    });
    const ended = await run('runs', 'end', id!, '--status', 'FAILED');
    const after = await json<RunJson>('runs', 'get', id!);
    expect(ended.out).to.deep.equal([`run ${id} FAILED at ${shownTime(after.end_time!)}`]);
    const shown = await run('runs', 'get', id!);
    expect(shown.out).to.deep.equal([
      `run_id:           ${id}`,
      'run_name:         baseline',
      'experiment_id:    1',
      'status:           FAILED',
      'user_id:          anonymous',
      `started:          ${shownTime(after.start_time)}`,
      `ended:            ${shownTime(after.end_time!)}`,
      `artifact_uri:     mlflow-artifacts:/1/${id}/artifacts`,
      'lifecycle_stage:  active',
      'params:           lr=0.1',
      'metrics:          acc=0.75 (step 1)',
      'tags:             mlflow.runName=baseline',
      '                  team=ml',
    ]);

    expect(await run('runs', 'delete', second.run_id)).to.deep.include({
      code: 0,
      out: [`deleted run ${second.run_id}`],
      err: [],
    });
    const remaining = await json<{ runs: RunJson[] }>('runs', 'list', '--experiment', '1');
    expect(remaining.runs.map((r) => r.run_id)).to.deep.equal([id]);
    const deleted = await json<RunJson>('runs', 'get', second.run_id);
    expect(deleted.lifecycle_stage).to.equal('deleted');
  });

  it('compares runs side by side, "-" where a run lacks a value', async () => {
    const client = createClient({ baseUrl: server.url });
    const a = await client.runs.create({ experiment_id: '1', run_name: 'small' });
    const b = await client.runs.create({ experiment_id: '1', run_name: 'large' });
    await client.runs.logBatch(a.run_id, {
      params: [{ key: 'lr', value: '0.1' }],
      metrics: [{ key: 'acc', value: 0.81 }],
    });
    await client.runs.logBatch(b.run_id, {
      params: [
        { key: 'lr', value: '0.01' },
        { key: 'layers', value: '12' },
      ],
      metrics: [
        { key: 'acc', value: 0.9 },
        { key: 'loss', value: Number.NaN },
      ],
    });
    const compared = await run('runs', 'compare', a.run_id, b.run_id);
    expect(compared.code).to.equal(0, compared.err.join('\n'));
    // The key column is as wide as "params.layers", the run columns as wide as a run ID.
    const row = (key: string, small: string, large: string) =>
      `${key.padEnd(13)}  ${small.padEnd(32)}  ${large}`;
    expect(compared.out).to.deep.equal([
      row('KEY', 'small', 'large'),
      row('run_id', a.run_id, b.run_id),
      row('params.layers', '-', '12'),
      row('params.lr', '0.1', '0.01'),
      row('metrics.acc', '0.81', '0.9'),
      row('metrics.loss', '-', 'NaN'),
    ]);
    const asJson = await json<unknown>('runs', 'compare', a.run_id, b.run_id);
    expect(asJson).to.deep.equal({
      runs: [
        { run_id: a.run_id, run_name: 'small' },
        { run_id: b.run_id, run_name: 'large' },
      ],
      params: [
        { key: 'layers', values: [null, '12'] },
        { key: 'lr', values: ['0.1', '0.01'] },
      ],
      metrics: [
        { key: 'acc', values: [0.81, 0.9] },
        { key: 'loss', values: [null, 'NaN'] },
      ],
    });
  });

  it('exits 3 for an unknown run or experiment, and 2 when --experiment is missing', async () => {
    const unknown = 'f'.repeat(32);
    const missing = await run('runs', 'get', unknown);
    expect(missing).to.deep.include({ code: 3, out: [], err: [`error: Run with id=${unknown} not found`] });
    const noExperiment = await run('runs', 'create', '-e', '99');
    expect(noExperiment).to.deep.include({ code: 3, err: ['error: No Experiment with id=99 exists'] });
    const compareMissing = await run('runs', 'compare', unknown);
    expect(compareMissing).to.deep.include({ code: 3, err: [`error: Run with id=${unknown} not found`] });
    const usage = await run('runs', 'create');
    expect(usage).to.deep.include({
      code: 2,
      out: [],
      err: ["error: required option '-e, --experiment <id>' not specified"],
    });
    expect(await json<{ runs: unknown[] }>('runs', 'list')).to.deep.equal({ runs: [] });
  });
});
