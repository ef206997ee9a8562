import { expect } from 'chai';
import { type CliResult, mlops, type RemoteServer, shownTime, startRemoteServer } from './remoteServer.js';

interface ExperimentJson {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  tags: Record<string, string>;
}

describe('mlops experiments (against a server)', () => {
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
  });
  afterEach(async () => {
    await server.stop();
  });

  it('creates, lists, gets and deletes experiments, as tables and as JSON', async () => {
    const created = await run('experiments', 'create', 'churn-model', '--tag', 'team=ml', '--tag', 'q=a=b');
    expect(created).to.deep.include({ code: 0, out: ['created experiment 1 "churn-model"'], err: [] });
    const second = await json<ExperimentJson>('experiments', 'create', 'fraud');
    expect(second).to.include({ experiment_id: '2', name: 'fraud', lifecycle_stage: 'active' });

    const churn = await json<ExperimentJson>('experiments', 'get', '1');
    const byName = await json<ExperimentJson>('experiments', 'get', 'churn-model', '--by-name');
    expect(byName).to.deep.equal(churn);
    expect(churn.tags).to.deep.equal({ team: 'ml', q: 'a=b' });
    const initial = await json<{ experiments: ExperimentJson[] }>('experiments', 'list');
    const time = (id: string) =>
      shownTime(initial.experiments.find((e) => e.experiment_id === id)!.creation_time);

    const list = await run('experiments', 'list', '--order-by', 'name ASC');
    expect(list.code).to.equal(0);
    expect(list.out).to.deep.equal([
      'ID  NAME         LIFECYCLE  CREATED',
      `0   Default      active     ${time('0')}`,
      `1   churn-model  active     ${time('1')}`,
      `2   fraud        active     ${time('2')}`,
    ]);

    const shown = await run('experiments', 'get', '1');
    expect(shown.out).to.deep.equal([
      'experiment_id:      1',
      'name:               churn-model',
      'artifact_location:  mlflow-artifacts:/1',
      'lifecycle_stage:    active',
      `created:            ${shownTime(churn.creation_time)}`,
      `last_updated:       ${shownTime(churn.last_update_time)}`,
      'tags:               q=a=b',
      '                    team=ml',
    ]);

    const deleted = await run('experiments', 'delete', '2');
    expect(deleted).to.deep.include({ code: 0, out: ['deleted experiment 2'], err: [] });
    const active = await json<{ experiments: ExperimentJson[] }>('experiments', 'list');
    expect(active.experiments.map((e) => e.experiment_id).sort()).to.deep.equal(['0', '1']);
    const all = await run('experiments', 'list', '--all', '--filter', "name = 'fraud'");
    expect(all.out).to.deep.equal(['ID  NAME   LIFECYCLE  CREATED', `2   fraud  deleted    ${time('2')}`]);
  });

  it('pages: prints the next page token on stderr, and --page-token follows it', async () => {
    for (const name of ['a', 'b', 'c']) expect((await run('experiments', 'create', name)).code).to.equal(0);
    const first = await run('experiments', 'list', '--max-results', '2', '--order-by', 'name ASC');
    // Names sort by code point: 'Default' before 'a'.
    expect(first.out.map((l) => l.split(/\s+/)[1])).to.deep.equal(['NAME', 'Default', 'a']);
    expect(first.err).to.have.length(1);
    const token = /^more experiments: add --page-token (\S+)$/.exec(first.err[0]!)?.[1];
    expect(token).to.be.a('string');
    const next = await run(
      'experiments',
      'list',
      '--max-results',
      '2',
      '--order-by',
      'name ASC',
      '--page-token',
      token!,
    );
    expect(next.out.map((l) => l.split(/\s+/)[1])).to.deep.equal(['NAME', 'b', 'c']);
    expect(next.err).to.deep.equal([]);
  });

  it('says so when nothing matches', async () => {
    const none = await run('experiments', 'list', '--filter', "name = 'nothing'");
    expect(none).to.deep.include({ code: 0, out: ['no experiments found'], err: [] });
    const page = await json<{ experiments: unknown[] }>(
      'experiments',
      'list',
      '--filter',
      "name = 'nothing'",
    );
    expect(page).to.deep.equal({ experiments: [] });
  });

  it('exits 3 for an unknown experiment and 4 for a taken name, with the server message', async () => {
    const missing = await run('experiments', 'get', '99');
    expect(missing).to.deep.include({ code: 3, out: [], err: ['error: No Experiment with id=99 exists'] });
    const missingByName = await run('experiments', 'get', 'nope', '--by-name');
    expect(missingByName).to.deep.include({ code: 3, err: ['error: experiment "nope" does not exist'] });
    const gone = await run('experiments', 'delete', '42', '--json');
    expect(gone.code).to.equal(3);
    expect(gone.err.map((l) => JSON.parse(l))).to.deep.equal([
      { error_code: 'NOT_FOUND', message: 'No Experiment with id=42 exists' },
    ]);

    expect((await run('experiments', 'create', 'churn')).code).to.equal(0);
    const again = await run('experiments', 'create', 'churn');
    expect(again).to.deep.include({
      code: 4,
      out: [],
      err: ['error: Experiment(name=churn) already exists.'],
    });
    const againJson = await run('experiments', 'create', 'churn', '--json');
    expect(againJson).to.deep.include({ code: 4, out: [] });
    expect(againJson.err.map((l) => JSON.parse(l))).to.deep.equal([
      { error_code: 'ALREADY_EXISTS', message: 'Experiment(name=churn) already exists.' },
    ]);
    const list = await json<{ experiments: ExperimentJson[] }>('experiments', 'list');
    expect(list.experiments.map((e) => e.name).sort()).to.deep.equal(['Default', 'churn']);
  });

  it('exits 2 for a filter the server rejects as invalid', async () => {
    const bad = await run('experiments', 'list', '--filter', 'nme = 1');
    expect(bad).to.deep.include({
      code: 2,
      out: [],
      err: [
        'error: filter: unknown attribute "nme" at position 0; expected one of name, creation_time, last_update_time',
      ],
    });
  });
});
