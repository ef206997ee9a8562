import { expect } from 'chai';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, type Run } from '../src/index.js';
import { type Platform, rejectionOf, startPlatform } from './startPlatform.js';

describe('client.runs', () => {
  let platform: Platform;
  let experimentId: string;
  before(async () => {
    platform = await startPlatform();
    experimentId = (await platform.client.experiments.create({ name: 'runs' })).experiment_id;
  });
  after(() => platform.stop());

  it('creates, updates, ends, deletes and restores a run', async () => {
    const { runs } = platform.client;
    const run = await runs.create({ experiment_id: experimentId, run_name: 'first', tags: { kind: 'test' } });
    expect(run).to.include({ run_name: 'first', status: 'RUNNING', lifecycle_stage: 'active' });
    expect(run.tags).to.include({ kind: 'test' });
    expect((await runs.get(run.run_id)).run_id).to.equal(run.run_id);
    expect((await runs.update(run.run_id, { run_name: 'renamed' })).run_name).to.equal('renamed');
    const ended = await runs.end(run.run_id, 'FAILED');
    expect(ended.status).to.equal('FAILED');
    expect(ended.end_time).to.be.a('number');
    await runs.delete(run.run_id);
    expect((await runs.get(run.run_id)).lifecycle_stage).to.equal('deleted');
    expect((await runs.restore(run.run_id)).lifecycle_stage).to.equal('active');
  });

  it('logs metrics, params, tags and a batch, with non-finite values both ways', async () => {
    const { runs } = platform.client;
    const { run_id } = await runs.create({ experiment_id: experimentId });
    await runs.logMetric(run_id, 'loss', 0.5, { step: 1 });
    await runs.logMetric(run_id, 'loss', Number.NaN, { step: 2 });
    await runs.logParam(run_id, 'lr', '0.01');
    await runs.setTag(run_id, 'stage/name', 'dev');
    await runs.logBatch(run_id, {
      metrics: [{ key: 'acc', value: Infinity, step: 0, timestamp: 1000 }],
      params: [{ key: 'epochs', value: '3' }],
      tags: [{ key: 'team', value: 'ml' }],
    });
    await runs.logInputs(run_id, [
      {
        dataset: { name: 'iris', digest: 'abc', source_type: 'code', source: 'inline' },
        tags: { context: 'train' },
      },
    ]);
    const run = await runs.get(run_id);
    expect(run.params).to.deep.equal({ lr: '0.01', epochs: '3' });
    expect(run.tags).to.include({ 'stage/name': 'dev', team: 'ml' });
    const latest = Object.fromEntries((run.metrics ?? []).map((m) => [m.key, m.value]));
    expect(latest.acc).to.equal(Infinity);
    expect(Number.isNaN(latest.loss)).to.equal(true);
    expect(run.inputs?.[0]?.dataset.name).to.equal('iris');
    await runs.deleteTag(run_id, 'stage/name');
    expect((await runs.get(run_id)).tags).to.not.have.property('stage/name');

    const history = await runs.history(run_id, 'loss');
    expect(history.points.map((p) => p.step)).to.deep.equal([1, 2]);
    expect(history.points[0]?.value).to.equal(0.5);
    expect(Number.isNaN(history.points[1]?.value)).to.equal(true);
    expect(history.total_points).to.equal(2);

    const err = await rejectionOf(runs.logParam(run_id, 'lr', '0.2'));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal(
      `Changing param values is not allowed. Param with key='lr' was already logged with value='0.01' for run ID='${run_id}'. Attempted logging new value '0.2'.`,
    );
    expect((err as InvalidArgumentError).details.field).to.equal('params[0].value');
  });

  it('pages through a metric history', async () => {
    const { runs } = platform.client;
    const { run_id } = await runs.create({ experiment_id: experimentId });
    await runs.logBatch(run_id, {
      metrics: Array.from({ length: 25 }, (_, step) => ({ key: 'x', value: step * 2, step })),
    });
    const page = await runs.history(run_id, 'x', { max_results: 10 });
    expect(page.points).to.have.length(10);
    expect(page.next_page_token).to.be.a('string');
    const steps: number[] = [];
    for await (const point of runs.historyAll(run_id, 'x')) steps.push(point.step);
    expect(steps).to.deep.equal(Array.from({ length: 25 }, (_, i) => i));
    const sampled = await runs.history(run_id, 'x', { max_points: 5 });
    expect(sampled.sampled).to.equal(true);
    expect(sampled.points.length).to.be.at.most(6);
  });

  it('searches runs by page and across pages, and compares them', async () => {
    const { client } = platform;
    const exp = await client.experiments.create({ name: 'search' });
    const ids: string[] = [];
    for (const acc of [0.1, 0.2, 0.3, 0.4, 0.5]) {
      const { run_id } = await client.runs.create({ experiment_id: exp.experiment_id });
      await client.runs.logBatch(run_id, {
        metrics: [{ key: 'acc', value: acc }],
        params: [{ key: 'lr', value: String(acc) }],
      });
      ids.push(run_id);
    }
    const query = {
      experiment_ids: [exp.experiment_id],
      filter: 'metrics.acc > 0.15',
      order_by: ['metrics.acc DESC'],
      max_results: 2,
      count: true,
    };
    const first = await client.runs.search(query);
    expect(first.total_count).to.equal(4);
    expect(first.runs.map((r) => r.run_id)).to.deep.equal([ids[4], ids[3]]);
    const all: Run[] = [];
    for await (const run of client.runs.searchAll(query)) all.push(run);
    expect(all.map((r) => r.run_id)).to.deep.equal([ids[4], ids[3], ids[2], ids[1]]);
    let pages = 0;
    for await (const _ of client.runs.searchPages(query)) pages += 1;
    expect(pages).to.equal(2);
    const slim = await client.runs.search({ experiment_ids: [exp.experiment_id], include: ['params'] });
    expect(slim.runs[0]).to.have.property('params');
    expect(slim.runs[0]).to.not.have.property('metrics');

    const comparison = await client.runs.compare([ids[0]!, ids[1]!]);
    expect(comparison.runs.map((r) => r.run_id)).to.deep.equal([ids[0], ids[1]]);
    expect(comparison.metrics).to.deep.equal([{ key: 'acc', values: [0.1, 0.2] }]);
    expect(comparison.params).to.deep.equal([{ key: 'lr', values: ['0.1', '0.2'] }]);

    const groups = await client.runs.compareGroups({
      metric: 'acc',
      a: [ids[0]!, ids[1]!],
      b: [ids[3]!, ids[4]!],
    });
    expect(groups.a.n).to.equal(2);
    expect(groups.a.mean).to.be.closeTo(0.15, 1e-12);
    expect(groups.a.sd).to.be.closeTo(Math.SQRT1_2 / 10, 1e-12);
    expect(groups.mean_difference).to.be.closeTo(-0.3, 1e-12);
    expect(groups.p_value).to.be.within(0, 1);
  });

  it('maps error answers of runs', async () => {
    const { runs } = platform.client;
    const missing = await rejectionOf(runs.get('nope'));
    expect(missing).to.be.instanceOf(NotFoundError);
    expect(missing.message).to.equal('Run with id=nope not found');
    expect((missing as NotFoundError).details.field).to.equal('run_id');

    const noExperiment = await rejectionOf(runs.create({ experiment_id: '12345' }));
    expect(noExperiment).to.be.instanceOf(NotFoundError);
    expect(noExperiment.message).to.equal('No Experiment with id=12345 exists');

    const { run_id } = await runs.create({ experiment_id: experimentId });
    const overlap = await rejectionOf(
      runs.compareGroups({ metric: 'acc', a: [run_id, run_id], b: [run_id, run_id] }),
    );
    expect(overlap).to.be.instanceOf(InvalidArgumentError);
    expect(overlap.message).to.equal(`run ${run_id} is in both groups; the groups must be independent`);
    expect((overlap as InvalidArgumentError).details).to.include({ field: 'b', reason: 'overlap' });

    const deleted = await platform.client.experiments.create({ name: 'gone' });
    await platform.client.experiments.delete(deleted.experiment_id);
    const inDeleted = await rejectionOf(runs.create({ experiment_id: deleted.experiment_id }));
    expect(inDeleted).to.be.instanceOf(FailedPreconditionError);
  });
});
