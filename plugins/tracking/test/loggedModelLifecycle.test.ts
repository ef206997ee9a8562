import { BlobStore, LoggedModels, NotFoundError } from '@mlops/plugin-api';
import { expect } from 'chai';
import { collectGarbage, purgeDeleted } from '../src/index.js';
import { countRows, describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

describeOnStores('logged models through garbage collection and purges', (target) => {
  let h: TrackingHarness;
  let models: LoggedModels;
  let blobs: BlobStore;

  beforeEach(async () => {
    h = await target.start();
    models = h.kernel.get(LoggedModels);
    blobs = h.kernel.get(BlobStore);
  });

  async function loggedModel(experimentId: string, runId?: string) {
    const m = await models.createLoggedModel(
      {
        experimentId,
        name: 'model',
        ...(runId === undefined ? {} : { sourceRunId: runId }),
        tags: [{ key: 't', value: 'v' }],
        params: [{ key: 'p', value: '1' }],
      },
      h.call,
    );
    await models.logModelArtifact(m.modelId, 'model.onnx', 'weights', h.call);
    return m;
  }

  it("keeps every logged model's artifacts, deleted ones included, when collecting garbage", async () => {
    const kept = await loggedModel('0');
    const deleted = await loggedModel('0');
    await models.deleteLoggedModel(deleted.modelId, h.call);
    const ghost = `experiments/0/models/m-${'f'.repeat(32)}/artifacts/model.onnx`;
    await blobs.put(ghost, 'left behind');
    const report = await collectGarbage(h.tracking, { minAgeMs: 0 }, h.call);
    expect(report.orphans).to.deep.equal([{ key: ghost, size: 11 }]);
    for (const m of [kept, deleted]) {
      expect((await blobs.head(`experiments/0/models/${m.modelId}/artifacts/model.onnx`)).size).to.equal(7);
    }
  });

  it('purges deleted logged models past the retention, with their rows and artifacts, and keeps the rest', async () => {
    const { info } = await h.tracking.createRun({ experimentId: '0' }, h.call);
    const kept = await loggedModel('0', info.runId);
    const gone = await loggedModel('0', info.runId);
    await models.logOutputs(info.runId, [{ modelId: gone.modelId, step: 1 }], h.call);
    await models.deleteLoggedModel(gone.modelId, h.call);
    const dry = await purgeDeleted(h.tracking, { olderThanMs: 0, dryRun: true }, h.call);
    expect(dry.loggedModels.map((m) => m.id)).to.deep.equal([gone.modelId]);
    expect(dry.artifacts).to.equal(1);
    const report = await purgeDeleted(h.tracking, { olderThanMs: 0 }, h.call);
    expect(report.loggedModels.map((m) => [m.kind, m.id, m.name])).to.deep.equal([
      ['loggedModel', gone.modelId, 'model'],
    ]);
    for (const table of [
      'tracking_logged_model_tags',
      'tracking_logged_model_params',
      'tracking_run_outputs',
    ]) {
      expect(await countRows(h.db, table, { model_id: gone.modelId }), table).to.equal(0);
    }
    expect(await countRows(h.db, 'tracking_logged_models', { model_id: gone.modelId })).to.equal(0);
    expect(await countRows(h.db, 'tracking_purges', { entity_id: gone.modelId })).to.equal(1);
    const err = await rejection(blobs.head(`experiments/0/models/${gone.modelId}/artifacts/model.onnx`));
    expect(err).to.be.instanceOf(NotFoundError);
    expect((await models.getLoggedModel(kept.modelId, h.call)).tags).to.deep.equal([
      { key: 't', value: 'v' },
    ]);
  });

  it('purges a deleted experiment with its logged models and their run outputs', async () => {
    const { experimentId } = await h.tracking.createExperiment({ name: 'doomed' }, h.call);
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const m = await loggedModel(experimentId, info.runId);
    await models.logOutputs(info.runId, [{ modelId: m.modelId, step: 0 }], h.call);
    await h.tracking.deleteExperiment(experimentId, h.call);
    const report = await purgeDeleted(h.tracking, { olderThanMs: 0 }, h.call);
    expect(report.experiments.map((e) => e.id)).to.deep.equal([experimentId]);
    expect(report.loggedModels.map((e) => e.id)).to.deep.equal([m.modelId]);
    expect(report.runs.map((r) => r.id)).to.deep.equal([info.runId]);
    expect(await countRows(h.db, 'tracking_logged_models', {})).to.equal(0);
    expect(await countRows(h.db, 'tracking_run_outputs', {})).to.equal(0);
    expect(await countRows(h.db, 'tracking_experiments', { experiment_id: Number(experimentId) })).to.equal(
      0,
    );
  });
});
