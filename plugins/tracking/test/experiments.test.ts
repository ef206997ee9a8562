import {
  AlreadyExistsError,
  ExperimentCreated,
  ExperimentDeleted,
  type ExperimentPayload,
  ExperimentRenamed,
  ExperimentRestored,
  ExperimentTagSet,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
} from '@mlops/plugin-api';
import { expect } from 'chai';
import { describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

describeOnStores('experiments', (target) => {
  let h: TrackingHarness;
  before(async () => {
    h = await target.start();
  });

  it('has the Default experiment "0" from the first migration', async () => {
    const e = await h.tracking.getExperiment('0', h.call);
    expect(e).to.include({
      experimentId: '0',
      name: 'Default',
      artifactLocation: 'mlflow-artifacts:/0',
      lifecycleStage: 'active',
    });
    expect((await h.tracking.getExperimentByName('Default', h.call)).experimentId).to.equal('0');
  });

  it('creates an experiment with tags and a default artifact location, and emits experiment.created', async () => {
    const seen: ExperimentPayload[] = [];
    const off = h.kernel.hooks.on(ExperimentCreated, (p) => {
      seen.push(p);
    });
    const before = Date.now();
    const e = await h.tracking.createExperiment(
      { name: 'vision', tags: { team: 'cv', 'mlflow.note': 'x' } },
      h.call,
    );
    off();
    expect(e.experimentId).to.match(/^[1-9]\d*$/);
    expect(e).to.include({
      name: 'vision',
      artifactLocation: `mlflow-artifacts:/${e.experimentId}`,
      lifecycleStage: 'active',
    });
    expect(e.tags).to.deep.equal({ team: 'cv', 'mlflow.note': 'x' });
    expect(e.creationTime).to.be.within(before, Date.now());
    expect(e.lastUpdateTime).to.equal(e.creationTime);
    expect(seen).to.deep.equal([{ experimentId: e.experimentId, name: 'vision', call: h.call }]);
    expect(await h.tracking.getExperiment(e.experimentId, h.call)).to.deep.equal(e);
    expect(await h.tracking.getExperimentByName('vision', h.call)).to.deep.equal(e);
  });

  it('keeps an artifact location given, and refuses a runs:/ one', async () => {
    const e = await h.tracking.createExperiment(
      { name: 'located', artifactLocation: 's3://bucket/x' },
      h.call,
    );
    expect(e.artifactLocation).to.equal('s3://bucket/x');
    const err = await rejection(
      h.tracking.createExperiment({ name: 'bad-loc', artifactLocation: 'runs:/abc/model' }, h.call),
    );
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal("Artifact location cannot be a runs:/ URI. Given: 'runs:/abc/model'");
  });

  it('refuses an empty or too long name with MLflow messages, naming the field', async () => {
    const empty = await rejection(h.tracking.createExperiment({ name: '' }, h.call));
    expect(empty).to.be.instanceOf(InvalidArgumentError);
    expect(empty.message).to.equal("Invalid experiment name: ''");
    expect(empty.details).to.include({ field: 'name' });
    const long = await rejection(h.tracking.createExperiment({ name: 'n'.repeat(501) }, h.call));
    expect(long.message).to.equal('Experiment name exceeds the maximum length of 500 characters');
    expect(await h.tracking.createExperiment({ name: 'n'.repeat(500) }, h.call)).to.have.property(
      'name',
      'n'.repeat(500),
    );
  });

  it('refuses a taken name and leaves nothing behind', async () => {
    await h.tracking.createExperiment({ name: 'taken' }, h.call);
    const err = await rejection(h.tracking.createExperiment({ name: 'taken', tags: { a: 'b' } }, h.call));
    expect(err).to.be.instanceOf(AlreadyExistsError);
    expect(err.message).to.equal('Experiment(name=taken) already exists.');
    const page = await h.tracking.searchExperiments({ filter: "name = 'taken'", viewType: 'ALL' }, h.call);
    expect(page.items).to.have.length(1);
  });

  it('refuses a bad experiment tag with MLflow messages', async () => {
    const err = await rejection(
      h.tracking.createExperiment({ name: 'badtag', tags: { 'a..b/../c': 'v' } }, h.call),
    );
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal(
      "Invalid tag name: 'a..b/../c'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to 'c'",
    );
    const e = await h.tracking.createExperiment({ name: 'tagged' }, h.call);
    const long = await rejection(h.tracking.setExperimentTag(e.experimentId, 'k', 'v'.repeat(5001), h.call));
    expect(long.message).to.equal(
      `Tag value '${'v'.repeat(250)}' had length 5001, which exceeded length limit of 5000`,
    );
    expect(long.details).to.include({ field: 'tag.value', reason: 'too_long' });
  });

  it('says which id or name is unknown, and refuses a malformed id', async () => {
    const byId = await rejection(h.tracking.getExperiment('424242', h.call));
    expect(byId).to.be.instanceOf(NotFoundError);
    expect(byId.message).to.equal('No Experiment with id=424242 exists');
    const byName = await rejection(h.tracking.getExperimentByName('nope', h.call));
    expect(byName).to.be.instanceOf(NotFoundError);
    expect(byName.message).to.equal("Could not find experiment with name 'nope'");
    const bad = await rejection(h.tracking.getExperiment("1' OR '1'='1", h.call));
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect(bad.message).to.equal("Invalid experiment ID: '1' OR '1'='1'");
    expect((await rejection(h.tracking.getExperiment('99999999999', h.call))).message).to.equal(
      'No Experiment with id=99999999999 exists',
    );
  });

  it('renames an active experiment, refusing a taken name, and emits experiment.renamed', async () => {
    const e = await h.tracking.createExperiment({ name: 'old-name' }, h.call);
    await h.tracking.createExperiment({ name: 'other-name' }, h.call);
    const renamed: unknown[] = [];
    const off = h.kernel.hooks.on(ExperimentRenamed, (p) => {
      renamed.push(p);
    });
    const r = await h.tracking.renameExperiment(e.experimentId, 'new-name', h.call);
    expect(r.name).to.equal('new-name');
    expect(r.lastUpdateTime).to.be.at.least(e.lastUpdateTime);
    const taken = await rejection(h.tracking.renameExperiment(e.experimentId, 'other-name', h.call));
    off();
    expect(taken).to.be.instanceOf(AlreadyExistsError);
    expect(taken.message).to.equal('Experiment(name=other-name) already exists.');
    expect((await h.tracking.getExperiment(e.experimentId, h.call)).name).to.equal('new-name');
    expect(renamed).to.deep.equal([
      { experimentId: e.experimentId, name: 'new-name', previousName: 'old-name', call: h.call },
    ]);
  });

  it('soft-deletes an experiment with its runs, and restores both', async () => {
    const e = await h.tracking.createExperiment({ name: 'to-delete' }, h.call);
    const run = await h.tracking.createRun({ experimentId: e.experimentId }, h.call);
    const events: string[] = [];
    const offs = [
      h.kernel.hooks.on(ExperimentDeleted, (p) => {
        events.push(`deleted ${p.experimentId} ${p.name}`);
      }),
      h.kernel.hooks.on(ExperimentRestored, (p) => {
        events.push(`restored ${p.experimentId}`);
      }),
    ];
    await h.tracking.deleteExperiment(e.experimentId, h.call);
    expect((await h.tracking.getExperiment(e.experimentId, h.call)).lifecycleStage).to.equal('deleted');
    expect((await h.tracking.getRun(run.info.runId, h.call)).info.lifecycleStage).to.equal('deleted');
    const again = await rejection(h.tracking.deleteExperiment(e.experimentId, h.call));
    expect(again).to.be.instanceOf(NotFoundError);
    expect(again.message).to.equal(`No Experiment with id=${e.experimentId} exists`);
    const rename = await rejection(h.tracking.renameExperiment(e.experimentId, 'x', h.call));
    expect(rename).to.be.instanceOf(FailedPreconditionError);
    expect(rename.message).to.equal('Cannot rename a non-active experiment.');
    const tag = await rejection(h.tracking.setExperimentTag(e.experimentId, 'k', 'v', h.call));
    expect(tag.message).to.equal(
      `The experiment ${e.experimentId} must be in the 'active' state. Current state is deleted.`,
    );
    const newRun = await rejection(h.tracking.createRun({ experimentId: e.experimentId }, h.call));
    expect(newRun).to.be.instanceOf(FailedPreconditionError);
    const name = await rejection(h.tracking.createExperiment({ name: 'to-delete' }, h.call));
    expect(name.message).to.equal(
      `Experiment(name=to-delete) already exists. Experiment ${e.experimentId} holds the name while deleted: restore it, or purge it to reuse the name.`,
    );

    await h.tracking.restoreExperiment(e.experimentId, h.call);
    for (const off of offs) off();
    expect((await h.tracking.getExperiment(e.experimentId, h.call)).lifecycleStage).to.equal('active');
    expect((await h.tracking.getRun(run.info.runId, h.call)).info.lifecycleStage).to.equal('active');
    const restoreActive = await rejection(h.tracking.restoreExperiment(e.experimentId, h.call));
    expect(restoreActive.message).to.equal(`No Experiment with id=${e.experimentId} exists`);
    expect(events).to.deep.equal([`deleted ${e.experimentId} to-delete`, `restored ${e.experimentId}`]);
  });

  it('restores only the runs deleted with the experiment', async () => {
    const e = await h.tracking.createExperiment({ name: 'partly-deleted' }, h.call);
    const early = await h.tracking.createRun({ experimentId: e.experimentId }, h.call);
    const kept = await h.tracking.createRun({ experimentId: e.experimentId }, h.call);
    await h.tracking.deleteRun(early.info.runId, h.call);
    await new Promise((r) => setTimeout(r, 5));
    await h.tracking.deleteExperiment(e.experimentId, h.call);
    await h.tracking.restoreExperiment(e.experimentId, h.call);
    expect((await h.tracking.getRun(early.info.runId, h.call)).info.lifecycleStage).to.equal('deleted');
    expect((await h.tracking.getRun(kept.info.runId, h.call)).info.lifecycleStage).to.equal('active');
  });

  it('refuses to delete the Default experiment', async () => {
    const err = await rejection(h.tracking.deleteExperiment('0', h.call));
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect(err.message).to.equal(
      "Cannot delete the default experiment '0'. This is an internally reserved experiment.",
    );
  });

  it('sets, overwrites and deletes experiment tags, and says when a tag is missing', async () => {
    const e = await h.tracking.createExperiment({ name: 'tags' }, h.call);
    const set: unknown[] = [];
    const off = h.kernel.hooks.on(ExperimentTagSet, (p) => {
      set.push(p);
    });
    await h.tracking.setExperimentTag(e.experimentId, 'owner', 'ann', h.call);
    await h.tracking.setExperimentTag(e.experimentId, 'owner', 'bob', h.call);
    off();
    expect((await h.tracking.getExperiment(e.experimentId, h.call)).tags).to.deep.equal({ owner: 'bob' });
    expect(set).to.have.length(2);
    await h.tracking.deleteExperimentTag(e.experimentId, 'owner', h.call);
    expect((await h.tracking.getExperiment(e.experimentId, h.call)).tags).to.deep.equal({});
    const err = await rejection(h.tracking.deleteExperimentTag(e.experimentId, 'owner', h.call));
    expect(err).to.be.instanceOf(NotFoundError);
    expect(err.message).to.equal(`No tag with name: owner in experiment with id ${e.experimentId}`);
  });
});
