import {
  FailedPreconditionError,
  InvalidArgumentError,
  type Metric,
  NotFoundError,
  RunBatchLogged,
  type RunBatchLoggedPayload,
} from '@mlops/plugin-api';
import { expect } from 'chai';
import { countRows, describeOnStores, rejection, runIntOf, type TrackingHarness } from './startTracking.js';

const t0 = 1_700_000_000_000;

function metric(key: string, step: number, value: number, timestamp = t0 + step): Metric {
  return { key, value, step, timestamp };
}

describeOnStores('logBatch', (target) => {
  let h: TrackingHarness;
  let experimentId: string;
  const newRun = async () => (await h.tracking.createRun({ experimentId }, h.call)).info.runId;

  before(async () => {
    h = await target.start();
    experimentId = (await h.tracking.createExperiment({ name: 'batches' }, h.call)).experimentId;
  });

  it('logs metrics, params and tags, and getRun shows the latest value of each metric', async () => {
    const runId = await newRun();
    await h.tracking.logBatch(
      runId,
      {
        metrics: [
          metric('loss', 0, 0.9),
          metric('loss', 2, 0.5),
          metric('loss', 1, 0.7),
          metric('acc', 0, 0.8),
        ],
        params: [{ key: 'lr', value: '0.01' }],
        tags: [{ key: 'team', value: 'cv' }],
      },
      h.call,
    );
    const run = await h.tracking.getRun(runId, h.call);
    expect(run.data.metrics).to.deep.equal([metric('acc', 0, 0.8), metric('loss', 2, 0.5)]);
    expect(run.data.params).to.deep.equal([{ key: 'lr', value: '0.01' }]);
    expect(run.data.tags.find((t) => t.key === 'team')).to.deep.equal({ key: 'team', value: 'cv' });
  });

  it('orders "latest" by step, then timestamp, then value, as MLflow', async () => {
    const runId = await newRun();
    await h.tracking.logBatch(runId, { metrics: [metric('m', 5, 1, t0 + 10)] }, h.call);
    await h.tracking.logBatch(runId, { metrics: [metric('m', 4, 9, t0 + 99)] }, h.call);
    await h.tracking.logBatch(runId, { metrics: [metric('m', 5, 0, t0 + 11)] }, h.call);
    await h.tracking.logBatch(runId, { metrics: [metric('m', 5, 2, t0 + 11)] }, h.call);
    expect((await h.tracking.getRun(runId, h.call)).data.metrics).to.deep.equal([metric('m', 5, 2, t0 + 11)]);
  });

  it('stores NaN and ±Infinity and reads them back', async () => {
    const runId = await newRun();
    const points = [
      metric('x', 0, Number.NaN),
      metric('x', 1, Number.POSITIVE_INFINITY),
      metric('x', 2, Number.NEGATIVE_INFINITY),
      metric('x', 3, 0),
    ];
    await h.tracking.logBatch(runId, { metrics: points }, h.call);
    const history = await h.tracking.getMetricHistory({ runId, key: 'x' }, h.call);
    expect(history.points).to.deep.equal(points);
    expect(history.totalPoints).to.equal(4);
    await h.tracking.logBatch(runId, { metrics: [metric('y', 9, Number.NaN)] }, h.call);
    expect((await h.tracking.getRun(runId, h.call)).data.metrics.find((m) => m.key === 'y')!.value).to.be.NaN;
  });

  it('stores a retried batch once: same rows, same counts, same latest values', async () => {
    const runId = await newRun();
    const batch = {
      metrics: Array.from({ length: 300 }, (_, i) => metric(`k${i % 3}`, i, i / 7)),
      params: [{ key: 'p', value: '1' }],
      tags: [{ key: 't', value: 'v' }],
    };
    await h.tracking.logBatch(runId, batch, h.call);
    const runInt = await runIntOf(h.db, runId);
    const before = await Promise.all(
      ['tracking_metrics', 'tracking_params', 'tracking_tags', 'tracking_latest_metrics'].map((t) =>
        countRows(h.db, t, { run_int: runInt }),
      ),
    );
    await h.tracking.logBatch(runId, batch, h.call);
    await h.tracking.logBatch(runId, batch, h.call);
    const after = await Promise.all(
      ['tracking_metrics', 'tracking_params', 'tracking_tags', 'tracking_latest_metrics'].map((t) =>
        countRows(h.db, t, { run_int: runInt }),
      ),
    );
    expect(before).to.deep.equal([300, 1, 2, 3]); // the run's name tag and t
    expect(after).to.deep.equal(before);
    const history = await h.tracking.getMetricHistory({ runId, key: 'k1' }, h.call);
    expect(history.totalPoints).to.equal(100);
    expect(history.points).to.have.length(100);
  });

  it('counts points exactly when a batch overlaps points stored before, or repeats one', async () => {
    const runId = await newRun();
    await h.tracking.logBatch(
      runId,
      { metrics: Array.from({ length: 10 }, (_, i) => metric('o', i, i)) },
      h.call,
    );
    const overlapping = Array.from({ length: 10 }, (_, i) => metric('o', i + 5, i + 5));
    await h.tracking.logBatch(runId, { metrics: [...overlapping, overlapping[0]!] }, h.call);
    const history = await h.tracking.getMetricHistory({ runId, key: 'o' }, h.call);
    expect(history.totalPoints).to.equal(15);
    expect(history.points.map((p) => p.step)).to.deep.equal(Array.from({ length: 15 }, (_, i) => i));
  });

  it('keeps two values logged at the same step and timestamp (metrics are append-only)', async () => {
    const runId = await newRun();
    await h.tracking.logBatch(runId, { metrics: [metric('d', 1, 0.5)] }, h.call);
    await h.tracking.logBatch(runId, { metrics: [metric('d', 1, 0.6)] }, h.call);
    const history = await h.tracking.getMetricHistory({ runId, key: 'd' }, h.call);
    expect(history.points.map((p) => p.value)).to.deep.equal([0.5, 0.6]);
  });

  it('accepts a param logged again with the same value, and refuses another value, storing nothing of that batch', async () => {
    const runId = await newRun();
    await h.tracking.logBatch(runId, { params: [{ key: 'lr', value: '0.01' }] }, h.call);
    await h.tracking.logBatch(runId, { params: [{ key: 'lr', value: '0.01' }] }, h.call);
    const err = await rejection(
      h.tracking.logBatch(
        runId,
        {
          params: [
            { key: 'new', value: '1' },
            { key: 'lr', value: '0.02' },
          ],
          metrics: [metric('never', 0, 1)],
          tags: [{ key: 'never', value: 'x' }],
        },
        h.call,
      ),
    );
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal(
      `Changing param values is not allowed. Param with key='lr' was already logged with value='0.01' for run ID='${runId}'. Attempted logging new value '0.02'.`,
    );
    expect(err.details).to.include({ field: 'params[1].value', key: 'lr' });
    const run = await h.tracking.getRun(runId, h.call);
    expect(run.data.params).to.deep.equal([{ key: 'lr', value: '0.01' }]);
    expect(run.data.metrics).to.deep.equal([]);
    expect(run.data.tags.map((t) => t.key)).to.deep.equal(['mlflow.runName']);
  });

  it('logs a batch of 1000 keys never seen before, and a run created with 600 tags', async () => {
    const runId = await newRun();
    await h.tracking.logBatch(
      runId,
      { metrics: Array.from({ length: 1000 }, (_, i) => metric(`fresh.${i}`, 0, i)) },
      h.call,
    );
    expect((await h.tracking.getRun(runId, h.call)).data.metrics).to.have.length(1000);
    const tags = Array.from({ length: 600 }, (_, i) => ({ key: `t${i}`, value: 'v' }));
    const run = await h.tracking.createRun({ experimentId, tags }, h.call);
    expect(run.data.tags).to.have.length(601);
  });

  it("refuses batches past MLflow's limits", async () => {
    const runId = await newRun();
    const many = (n: number) => Array.from({ length: n }, (_, i) => metric('m', i, 1));
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `t${i}`, value: 'v' }));
    const cases: [Parameters<typeof h.tracking.logBatch>[1], string][] = [
      [
        { metrics: many(1001) },
        'A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again.',
      ],
      [
        { params: tags(101) },
        'A batch logging request can contain at most 100 params. Got 101 params. Please split up params across multiple requests and try again.',
      ],
      [
        { tags: tags(101) },
        'A batch logging request can contain at most 100 tags. Got 101 tags. Please split up tags across multiple requests and try again.',
      ],
      [
        { metrics: many(950), tags: tags(51) },
        'A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001 metrics, params, and tags. Please split up metrics, params, and tags across multiple requests and try again.',
      ],
    ];
    for (const [batch, message] of cases) {
      const err = await rejection(h.tracking.logBatch(runId, batch, h.call));
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect(err.message).to.equal(message);
    }
    await h.tracking.logBatch(runId, { metrics: many(900), params: tags(50), tags: tags(50) }, h.call);
    expect(await countRows(h.db, 'tracking_metrics', { run_int: await runIntOf(h.db, runId) })).to.equal(900);
  });

  it("refuses keys and values that break MLflow's rules, naming the field", async () => {
    const runId = await newRun();
    const cases: [Parameters<typeof h.tracking.logBatch>[1], string, string][] = [
      [
        { metrics: [metric('a$b', 0, 1)] },
        "Invalid metric name: 'a$b'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).",
        'metrics[0].key',
      ],
      [
        { metrics: [metric('ok', 0, 1), metric('/abs', 0, 1)] },
        "Invalid metric name: '/abs'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '/abs'",
        'metrics[1].key',
      ],
      [
        { params: [{ key: 'a/../b', value: '1' }] },
        "Invalid parameter name: 'a/../b'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to 'b'",
        'params[0].key',
      ],
      [
        { tags: [{ key: 'x/', value: '1' }] },
        "Invalid tag name: 'x/'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to 'x'",
        'tags[0].key',
      ],
      [
        { metrics: [{ key: 'm', value: '1' as unknown as number, timestamp: t0, step: 0 }] },
        `Got invalid value 1 for metric 'm' (timestamp=${t0}). Please specify value as a valid double (64-bit floating point)`,
        'metrics[0].value',
      ],
      [
        { metrics: [{ key: 'm', value: 1, timestamp: -1, step: 0 }] },
        "Got invalid timestamp -1 for metric 'm' (value=1). Timestamp must be a nonnegative long (64-bit integer)",
        'metrics[0].timestamp',
      ],
      [
        { metrics: [{ key: 'm', value: 1, timestamp: t0, step: 1.5 }] },
        "Got invalid step 1.5 for metric 'm' (value=1). Step must be a valid long (64-bit integer).",
        'metrics[0].step',
      ],
      [
        { metrics: [metric('k'.repeat(251), 0, 1)] },
        `Metric name '${'k'.repeat(250)}' had length 251, which exceeded length limit of 250`,
        'metrics[0].key',
      ],
      [
        { params: [{ key: 'p', value: 'v'.repeat(6001) }] },
        `Param value '${'v'.repeat(250)}' had length 6001, which exceeded length limit of 6000`,
        'params[0].value',
      ],
      [
        { tags: [{ key: 't', value: 'v'.repeat(5001) }] },
        `Tag value '${'v'.repeat(250)}' had length 5001, which exceeded length limit of 5000`,
        'tags[0].value',
      ],
      [
        {
          params: [
            { key: 'a', value: '1' },
            { key: 'a', value: '2' },
          ],
        },
        "Duplicate parameter keys have been submitted: ['a']. Please ensure the request contains only one param value per param key.",
        'params',
      ],
    ];
    for (const [batch, message, field] of cases) {
      const err = await rejection(h.tracking.logBatch(runId, batch, h.call));
      expect(err, message).to.be.instanceOf(InvalidArgumentError);
      expect(err.message).to.equal(message);
      expect(err.details?.field).to.equal(field);
    }
    expect(await countRows(h.db, 'tracking_metrics', { run_int: await runIntOf(h.db, runId) })).to.equal(0);
    await h.tracking.logBatch(
      runId,
      {
        metrics: [metric('ünïcode/κλειδί 1.0', 0, 1), metric('k'.repeat(250), 0, 1)],
        params: [{ key: 'p', value: 'v'.repeat(6000) }],
      },
      h.call,
    );
  });

  it('renames the run when the batch sets mlflow.runName; the last of two tags with one key wins', async () => {
    const runId = await newRun();
    await h.tracking.logBatch(
      runId,
      {
        tags: [
          { key: 'mlflow.runName', value: 'first' },
          { key: 'mlflow.runName', value: 'renamed' },
        ],
      },
      h.call,
    );
    const run = await h.tracking.getRun(runId, h.call);
    expect(run.info.runName).to.equal('renamed');
    expect(run.data.tags).to.deep.equal([{ key: 'mlflow.runName', value: 'renamed' }]);
  });

  it('refuses a deleted or unknown run', async () => {
    const runId = await newRun();
    await h.tracking.deleteRun(runId, h.call);
    const deleted = await rejection(h.tracking.logBatch(runId, { metrics: [metric('m', 0, 1)] }, h.call));
    expect(deleted).to.be.instanceOf(FailedPreconditionError);
    expect(deleted.message).to.equal(
      `The run ${runId} must be in the 'active' state. Current state is deleted.`,
    );
    const unknown = await rejection(
      h.tracking.logBatch('f'.repeat(32), { params: [{ key: 'a', value: '1' }] }, h.call),
    );
    expect(unknown).to.be.instanceOf(NotFoundError);
    expect(unknown.message).to.equal(`Run with id=${'f'.repeat(32)} not found`);
    const malformed = await rejection(h.tracking.logBatch('../x', {}, h.call));
    expect(malformed).to.be.instanceOf(InvalidArgumentError);
    expect(malformed.message).to.equal("Invalid run ID: '../x'");
  });

  it('emits run.batch.logged after each committed batch, and not for a refused one', async () => {
    const runId = await newRun();
    const seen: RunBatchLoggedPayload[] = [];
    const off = h.kernel.hooks.on(RunBatchLogged, (p) => {
      seen.push(p);
    });
    await h.tracking.logBatch(
      runId,
      { metrics: [metric('e', 0, 1)], params: [{ key: 'p', value: '1' }] },
      h.call,
    );
    await rejection(h.tracking.logBatch(runId, { params: [{ key: 'p', value: '2' }] }, h.call));
    off();
    expect(seen).to.have.length(1);
    expect(seen[0]).to.deep.include({ runId, experimentId, call: h.call });
    expect(seen[0]!.batch.metrics).to.deep.equal([metric('e', 0, 1)]);
  });
});
