import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@mlops/plugin-api';
import { welchTTest } from '@mlops/stats';
import { expect } from 'chai';
import { describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

describeOnStores('comparing runs', (target) => {
  let h: TrackingHarness;
  let experimentId: string;
  const run = async (name: string, acc?: number, params: Record<string, string> = {}) => {
    const { info } = await h.tracking.createRun({ experimentId, runName: name }, h.call);
    await h.tracking.logBatch(
      info.runId,
      {
        metrics: acc === undefined ? [] : [{ key: 'acc', value: acc, step: 0, timestamp: 0 }],
        params: Object.entries(params).map(([key, value]) => ({ key, value })),
      },
      h.call,
    );
    return info.runId;
  };

  before(async () => {
    h = await target.start();
    experimentId = (await h.tracking.createExperiment({ name: 'compare' }, h.call)).experimentId;
  });

  it('puts runs side by side, with null where a run lacks a key', async () => {
    const a = await run('a', 0.9, { lr: '0.1', depth: '3' });
    const b = await run('b', undefined, { lr: '0.2' });
    const comparison = await h.tracking.compareRuns([b, a], h.call);
    expect(comparison).to.deep.equal({
      runs: [
        { runId: b, runName: 'b' },
        { runId: a, runName: 'a' },
      ],
      params: [
        { key: 'depth', values: [null, '3'] },
        { key: 'lr', values: ['0.2', '0.1'] },
      ],
      metrics: [{ key: 'acc', values: [null, 0.9] }],
    });
  });

  it('refuses an empty or repeated list and names an unknown run', async () => {
    const a = await run('lonely', 1);
    const empty = await rejection(h.tracking.compareRuns([], h.call));
    expect(empty).to.be.instanceOf(InvalidArgumentError);
    expect(empty.message).to.equal('runIds must list 1 to 1000 run ids');
    const twice = await rejection(h.tracking.compareRuns([a, a], h.call));
    expect(twice.message).to.equal(`runIds lists run ${a} twice`);
    const unknown = await rejection(h.tracking.compareRuns([a, 'b'.repeat(32)], h.call));
    expect(unknown).to.be.instanceOf(NotFoundError);
    expect(unknown.message).to.equal(`Run with id=${'b'.repeat(32)} not found`);
  });

  it("runs Welch's t-test between two groups on the latest value of a metric", async () => {
    const accA = [0.81, 0.83, 0.82, 0.85];
    const accB = [0.78, 0.8, 0.79];
    const a = await Promise.all(accA.map((v, i) => run(`a${i}`, v)));
    const b = await Promise.all(accB.map((v, i) => run(`b${i}`, v)));
    const result = await h.tracking.compareRunGroups({ metric: 'acc', a, b, confidenceLevel: 0.9 }, h.call);
    const expected = welchTTest(accA, accB, { confidenceLevel: 0.9 });
    expect(result).to.deep.equal({
      metric: 'acc',
      a: { n: 4, mean: expected.meanA, sd: expected.sdA },
      b: { n: 3, mean: expected.meanB, sd: expected.sdB },
      t: expected.statistic,
      df: expected.df,
      pValue: expected.pValue,
      meanDifference: expected.meanDifference,
      confidenceInterval: expected.confidenceInterval,
      confidenceLevel: 0.9,
      effectSize: expected.hedgesG,
    });
    expect(result.pValue).to.be.below(0.05);
  });

  it('refuses a run without the metric, a run in both groups, and a group too small', async () => {
    const a = [await run('x1', 0.5), await run('x2', 0.6)];
    const missing = await run('no-acc');
    const nan = await run('nan-acc', Number.NaN);
    const err = await rejection(
      h.tracking.compareRunGroups({ metric: 'acc', a, b: [missing, a[0]!] }, h.call),
    );
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal(`run ${a[0]} is in both groups; the groups must be independent`);
    const none = await rejection(
      h.tracking.compareRunGroups({ metric: 'acc', a, b: [missing, nan] }, h.call),
    );
    expect(none).to.be.instanceOf(FailedPreconditionError);
    expect(none.message).to.equal(`run ${missing} in group b has no metric "acc"`);
    const notFinite = await rejection(
      h.tracking.compareRunGroups({ metric: 'acc', a, b: [nan, await run('y', 1)] }, h.call),
    );
    expect(notFinite.message).to.equal(`run ${nan} in group b has a latest "acc" that is not finite`);
    const small = await rejection(
      h.tracking.compareRunGroups({ metric: 'acc', a, b: [await run('z', 1)] }, h.call),
    );
    expect(small).to.be.instanceOf(InvalidArgumentError);
    expect(small.details).to.include({ field: 'b' });
  });
});
