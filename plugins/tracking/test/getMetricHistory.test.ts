import { InvalidArgumentError, type Metric, NotFoundError } from '@mlops/plugin-api';
import { mulberry32 } from '@mlops/stats';
import { expect } from 'chai';
import { describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

describeOnStores('getMetricHistory', (target) => {
  let h: TrackingHarness;
  let experimentId: string;
  before(async () => {
    h = await target.start();
    experimentId = (await h.tracking.createExperiment({ name: 'history' }, h.call)).experimentId;
  });

  async function logPoints(runId: string, points: readonly Metric[]): Promise<void> {
    for (let i = 0; i < points.length; i += 1000) {
      await h.tracking.logBatch(runId, { metrics: points.slice(i, i + 1000) }, h.call);
    }
  }

  it('pages the whole history in step order, by keyset', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const points = Array.from({ length: 25 }, (_, i) => ({
      key: 'loss',
      value: 1 / (i + 1),
      step: 24 - i,
      timestamp: 1000 + i,
    }));
    await logPoints(info.runId, points);
    const sorted = [...points].sort((a, b) => a.step - b.step);
    const got: Metric[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await h.tracking.getMetricHistory(
        { runId: info.runId, key: 'loss', maxResults: 10, ...(pageToken ? { pageToken } : {}) },
        h.call,
      );
      expect(page).to.include({ key: 'loss', sampled: false, totalPoints: 25 });
      got.push(...page.points);
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken !== undefined);
    expect(pages).to.equal(3);
    expect(got).to.deep.equal(sorted);
  });

  it('returns every point when they fit the point budget', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const points = Array.from({ length: 50 }, (_, i) => ({ key: 'm', value: i, step: i, timestamp: 0 }));
    await logPoints(info.runId, points);
    const history = await h.tracking.getMetricHistory({ runId: info.runId, key: 'm', maxPoints: 50 }, h.call);
    expect(history).to.deep.equal({ key: 'm', points, sampled: false, totalPoints: 50 });
  });

  it("downsamples to each step bucket's lowest and highest point", async () => {
    const seed = 20261122;
    const next = mulberry32(seed);
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const points = Array.from({ length: 12_800 }, (_, step) => ({
      key: 'noisy',
      value: Math.sin(step / 500) + next() - 0.5,
      step,
      timestamp: 1_700_000_000_000 + step,
    }));
    await logPoints(info.runId, points);
    const history = await h.tracking.getMetricHistory(
      { runId: info.runId, key: 'noisy', maxPoints: 200 },
      h.call,
    );
    expect(history.sampled, `seed ${seed}`).to.equal(true);
    expect(history.totalPoints).to.equal(12_800);
    expect(history.points.length).to.be.within(101, 200);
    // 100 buckets of 128 steps each: both extremes of every bucket are there, and nothing else.
    const expected: Metric[] = [];
    for (let b = 0; b < 100; b++) {
      const bucket = points.slice(b * 128, (b + 1) * 128);
      const lo = bucket.reduce((x, y) => (y.value < x.value ? y : x));
      const hi = bucket.reduce((x, y) => (y.value > x.value ? y : x));
      expected.push(...(lo.step < hi.step ? [lo, hi] : [hi, lo]));
    }
    expect(history.points, `seed ${seed}`).to.deep.equal(expected);
  });

  it('samples points logged out of step order: real points, the extremes included, in step order', async () => {
    const next = mulberry32(7);
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const points = Array.from({ length: 5000 }, (_, step) => ({
      key: 'shuffled',
      value: next(),
      step,
      timestamp: 0,
    }));
    await logPoints(
      info.runId,
      [...points].sort((a, b) => (a.step % 7) - (b.step % 7) || a.step - b.step),
    );
    const history = await h.tracking.getMetricHistory(
      { runId: info.runId, key: 'shuffled', maxPoints: 100 },
      h.call,
    );
    expect(history).to.include({ sampled: true, totalPoints: 5000 });
    for (const p of history.points) expect(p).to.deep.equal(points[p.step]);
    const values = history.points.map((p) => p.value);
    expect(Math.min(...values)).to.equal(Math.min(...points.map((p) => p.value)));
    expect(Math.max(...values)).to.equal(Math.max(...points.map((p) => p.value)));
    const steps = history.points.map((p) => p.step);
    expect(steps).to.deep.equal([...steps].sort((a, b) => a - b));
  });

  it('samples sparse steps through wide tiles and leaves NaN points out', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const points = Array.from({ length: 3000 }, (_, i) => ({
      key: 'sparse',
      value: i === 1500 ? Number.NaN : i % 100,
      step: i * 1000,
      timestamp: 0,
    }));
    await logPoints(info.runId, points);
    const history = await h.tracking.getMetricHistory(
      { runId: info.runId, key: 'sparse', maxPoints: 40 },
      h.call,
    );
    expect(history.sampled).to.equal(true);
    expect(history.totalPoints).to.equal(3000);
    expect(history.points.length).to.be.within(2, 40);
    expect(history.points.some((p) => Number.isNaN(p.value))).to.equal(false);
    expect(Math.min(...history.points.map((p) => p.value))).to.equal(0);
    expect(Math.max(...history.points.map((p) => p.value))).to.equal(99);
    const steps = history.points.map((p) => p.step);
    expect(steps).to.deep.equal([...steps].sort((a, b) => a - b));
  });

  it('gives an empty history for a key never logged, and refuses bad input', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    expect(await h.tracking.getMetricHistory({ runId: info.runId, key: 'none' }, h.call)).to.deep.equal({
      key: 'none',
      points: [],
      sampled: false,
      totalPoints: 0,
    });
    const unknown = await rejection(h.tracking.getMetricHistory({ runId: 'a'.repeat(32), key: 'x' }, h.call));
    expect(unknown).to.be.instanceOf(NotFoundError);
    const budget = await rejection(
      h.tracking.getMetricHistory({ runId: info.runId, key: 'x', maxPoints: 1 }, h.call),
    );
    expect(budget).to.be.instanceOf(InvalidArgumentError);
    expect(budget.message).to.equal('maxPoints must be an integer from 2 to 50000, got 1');
    const size = await rejection(
      h.tracking.getMetricHistory({ runId: info.runId, key: 'x', maxResults: 25_001 }, h.call),
    );
    expect(size.message).to.equal('maxResults must be an integer from 1 to 25000, got 25001');
    const token = await rejection(
      h.tracking.getMetricHistory({ runId: info.runId, key: 'x', pageToken: 'nope' }, h.call),
    );
    expect(token.message).to.equal('invalid page token: it was not made by this query');
  });
});
