import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  RunCreated,
  RunDeleted,
  RunFinished,
  type RunFinishedPayload,
  RunRestored,
  RunUpdated,
} from '@mlops/plugin-api';
import { expect } from 'chai';
import { describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

describeOnStores('runs', (target) => {
  let h: TrackingHarness;
  let experimentId: string;
  before(async () => {
    h = await target.start();
    experimentId = (await h.tracking.createExperiment({ name: 'runs' }, h.call)).experimentId;
  });

  it('creates a RUNNING run with a generated name, tagged mlflow.runName, and emits run.created', async () => {
    const created: unknown[] = [];
    const off = h.kernel.hooks.on(RunCreated, (p) => {
      created.push(p);
    });
    const before = Date.now();
    const run = await h.tracking.createRun({ experimentId, tags: [{ key: 'team', value: 'cv' }] }, h.call);
    off();
    const { info } = run;
    expect(info.runId).to.match(/^[0-9a-f]{32}$/);
    expect(info.runName).to.match(/^[a-z]+-[a-z]+-\d{1,4}$/);
    expect(info).to.include({
      experimentId,
      userId: 'system',
      status: 'RUNNING',
      lifecycleStage: 'active',
      artifactUri: `mlflow-artifacts:/${experimentId}/${info.runId}/artifacts`,
    });
    expect(info.startTime).to.be.within(before, Date.now());
    expect(info.endTime).to.equal(undefined);
    expect(run.data.tags).to.deep.equal([
      { key: 'mlflow.runName', value: info.runName },
      { key: 'team', value: 'cv' },
    ]);
    expect(created).to.deep.equal([{ runId: info.runId, experimentId, runName: info.runName, call: h.call }]);
    expect(await h.tracking.getRun(info.runId, h.call)).to.deep.equal(run);
  });

  it('takes the name from runName or the mlflow.runName tag, and refuses two different ones', async () => {
    const named = await h.tracking.createRun(
      { experimentId, runName: 'baseline', startTime: 5, userId: 'ann' },
      h.call,
    );
    expect(named.info).to.include({ runName: 'baseline', startTime: 5, userId: 'ann' });
    const tagged = await h.tracking.createRun(
      { experimentId, tags: [{ key: 'mlflow.runName', value: 'from-tag' }] },
      h.call,
    );
    expect(tagged.info.runName).to.equal('from-tag');
    const err = await rejection(
      h.tracking.createRun(
        { experimentId, runName: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] },
        h.call,
      ),
    );
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal(
      "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='a', mlflow.runName='b').",
    );
  });

  it('refuses an unknown experiment, a bad tag or start time', async () => {
    const unknown = await rejection(h.tracking.createRun({ experimentId: '987654' }, h.call));
    expect(unknown).to.be.instanceOf(NotFoundError);
    expect(unknown.message).to.equal('No Experiment with id=987654 exists');
    const tag = await rejection(
      h.tracking.createRun({ experimentId, tags: [{ key: 'a*b', value: '1' }] }, h.call),
    );
    expect(tag.message).to.equal(
      "Invalid tag name: 'a*b'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).",
    );
    expect(tag.details).to.include({ field: 'tags[0].key' });
    const time = await rejection(h.tracking.createRun({ experimentId, startTime: -5 }, h.call));
    expect(time.message).to.equal('startTime must be a non-negative integer (epoch milliseconds), got -5');
  });

  it('finishes a run: sets the end time and emits run.updated then run.finished once', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const finished: RunFinishedPayload[] = [];
    const updated: string[] = [];
    const offs = [
      h.kernel.hooks.on(RunFinished, (p) => {
        finished.push(p);
      }),
      h.kernel.hooks.on(RunUpdated, (p) => {
        updated.push(`${p.status} ${p.runName}`);
      }),
    ];
    const before = Date.now();
    const done = await h.tracking.updateRun(info.runId, { status: 'FINISHED' }, h.call);
    expect(done.status).to.equal('FINISHED');
    expect(done.endTime).to.be.within(before, Date.now());
    await h.tracking.updateRun(info.runId, { status: 'FINISHED', runName: 'done-run' }, h.call);
    for (const off of offs) off();
    expect(finished).to.deep.equal([{ runId: info.runId, experimentId, status: 'FINISHED', call: h.call }]);
    expect(updated).to.deep.equal([`FINISHED ${info.runName}`, 'FINISHED done-run']);
    const run = await h.tracking.getRun(info.runId, h.call);
    expect(run.info).to.include({ status: 'FINISHED', runName: 'done-run', endTime: done.endTime });
    expect(run.data.tags).to.deep.include({ key: 'mlflow.runName', value: 'done-run' });
  });

  it('keeps an end time given, and refuses an unknown status or a deleted run', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    expect(
      (await h.tracking.updateRun(info.runId, { status: 'KILLED', endTime: 1234 }, h.call)).endTime,
    ).to.equal(1234);
    const status = await rejection(
      h.tracking.updateRun(info.runId, { status: 'DONE' as 'FINISHED' }, h.call),
    );
    expect(status).to.be.instanceOf(InvalidArgumentError);
    expect(status.message).to.equal(
      'Could not get run status corresponding to string DONE. Valid run status strings: RUNNING, SCHEDULED, FINISHED, FAILED, KILLED',
    );
    await h.tracking.deleteRun(info.runId, h.call);
    const deleted = await rejection(h.tracking.updateRun(info.runId, { status: 'FAILED' }, h.call));
    expect(deleted).to.be.instanceOf(FailedPreconditionError);
    expect(deleted.message).to.equal(
      `The run ${info.runId} must be in the 'active' state. Current state is deleted.`,
    );
  });

  it('soft-deletes and restores a run, emitting each once', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const events: string[] = [];
    const offs = [
      h.kernel.hooks.on(RunDeleted, (p) => {
        events.push(`deleted ${p.runId}`);
      }),
      h.kernel.hooks.on(RunRestored, (p) => {
        events.push(`restored ${p.runId}`);
      }),
    ];
    await h.tracking.deleteRun(info.runId, h.call);
    await h.tracking.deleteRun(info.runId, h.call);
    expect((await h.tracking.getRun(info.runId, h.call)).info.lifecycleStage).to.equal('deleted');
    await h.tracking.restoreRun(info.runId, h.call);
    await h.tracking.restoreRun(info.runId, h.call);
    for (const off of offs) off();
    expect((await h.tracking.getRun(info.runId, h.call)).info.lifecycleStage).to.equal('active');
    expect(events).to.deep.equal([`deleted ${info.runId}`, `restored ${info.runId}`]);
  });

  it('refuses to restore a run while its experiment is deleted', async () => {
    const e = await h.tracking.createExperiment({ name: 'gone-with-runs' }, h.call);
    const { info } = await h.tracking.createRun({ experimentId: e.experimentId }, h.call);
    await h.tracking.deleteExperiment(e.experimentId, h.call);
    const err = await rejection(h.tracking.restoreRun(info.runId, h.call));
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect(err.message).to.equal(
      `run ${info.runId} cannot be restored while its experiment ${e.experimentId} is deleted: restore the experiment first`,
    );
  });

  it('says which run is unknown, and refuses a malformed id', async () => {
    const unknown = await rejection(h.tracking.getRun('0'.repeat(32), h.call));
    expect(unknown).to.be.instanceOf(NotFoundError);
    expect(unknown.message).to.equal(`Run with id=${'0'.repeat(32)} not found`);
    const bad = await rejection(h.tracking.getRun("x' OR 1=1 --", h.call));
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect(bad.message).to.equal("Invalid run ID: 'x' OR 1=1 --'");
  });

  it('deletes a run tag, and says when it is missing', async () => {
    const { info } = await h.tracking.createRun(
      { experimentId, tags: [{ key: 'gone', value: '1' }] },
      h.call,
    );
    await h.tracking.deleteTag(info.runId, 'gone', h.call);
    expect((await h.tracking.getRun(info.runId, h.call)).data.tags.map((t) => t.key)).to.deep.equal([
      'mlflow.runName',
    ]);
    const err = await rejection(h.tracking.deleteTag(info.runId, 'gone', h.call));
    expect(err).to.be.instanceOf(NotFoundError);
    expect(err.message).to.equal(`No tag with name: gone in run with id ${info.runId}`);
  });

  it('records dataset inputs once per name and digest, with the tags of their first logging', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const train = {
      dataset: {
        name: 'iris',
        digest: 'abc123',
        sourceType: 'local',
        source: '{"uri":"/data/iris.csv"}',
        schema: '{}',
      },
      tags: [{ key: 'mlflow.data.context', value: 'train' }],
    };
    const evalSet = {
      dataset: { name: 'iris-eval', digest: 'def456', sourceType: 's3', source: '{"uri":"s3://b/e.csv"}' },
      tags: [],
    };
    await h.tracking.logInputs(info.runId, [train, evalSet, { ...train, tags: [] }], h.call);
    await h.tracking.logInputs(
      info.runId,
      [{ ...train, tags: [{ key: 'mlflow.data.context', value: 'other' }] }],
      h.call,
    );
    const run = await h.tracking.getRun(info.runId, h.call);
    expect(run.inputs.datasetInputs).to.deep.equal([train, evalSet]);
  });

  it('refuses dataset inputs that break MLflow rules', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const base = { name: 'd', digest: 'x', sourceType: 'local', source: '{}' };
    const digest = await rejection(
      h.tracking.logInputs(info.runId, [{ dataset: { ...base, digest: 'x'.repeat(37) }, tags: [] }], h.call),
    );
    expect(digest).to.be.instanceOf(InvalidArgumentError);
    expect(digest.message).to.equal('Dataset digest exceeds the maximum length of 36');
    expect(digest.details).to.include({ field: 'inputs[0].dataset.digest' });
    const tag = await rejection(
      h.tracking.logInputs(
        info.runId,
        [{ dataset: base, tags: [{ key: 'k', value: 'v'.repeat(501) }] }],
        h.call,
      ),
    );
    expect(tag.message).to.equal('InputTag value exceeds the maximum length of 500');
    expect((await h.tracking.getRun(info.runId, h.call)).inputs.datasetInputs).to.deep.equal([]);
  });
});
