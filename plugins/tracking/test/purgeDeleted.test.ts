import {
  BlobStore,
  ExperimentPurged,
  InvalidArgumentError,
  NotFoundError,
  type PurgedPayload,
  RunPurged,
} from '@mlops/plugin-api';
import { expect } from 'chai';
import { purgeDeleted } from '../src/index.js';
import { countRows, describeOnStores, rejection, runIntOf, type TrackingHarness } from './startTracking.js';

describeOnStores('purgeDeleted', (target) => {
  let h: TrackingHarness;
  let gone: string;
  let kept: string;
  const runs: Record<string, string> = {};

  const artifactKey = (experimentId: string, runId: string) =>
    `experiments/${experimentId}/runs/${runId}/artifacts/a.txt`;

  before(async () => {
    h = await target.start();
    gone = (await h.tracking.createExperiment({ name: 'doomed', tags: { t: '1' } }, h.call)).experimentId;
    kept = (await h.tracking.createExperiment({ name: 'kept' }, h.call)).experimentId;
    for (const [name, experimentId] of [
      ['inDoomed', gone],
      ['deletedAlone', kept],
      ['alive', kept],
    ] as const) {
      const { info } = await h.tracking.createRun({ experimentId, runName: name }, h.call);
      runs[name] = info.runId;
      await h.tracking.logBatch(
        info.runId,
        { metrics: [{ key: 'm', value: 1, step: 0, timestamp: 0 }], params: [{ key: 'p', value: '1' }] },
        h.call,
      );
      await h.tracking.logArtifact(info.runId, 'a.txt', name, h.call);
    }
    await h.tracking.logInputs(
      runs.inDoomed!,
      [{ dataset: { name: 'd', digest: 'x', sourceType: 'local', source: '{}' }, tags: [] }],
      h.call,
    );
    await h.tracking.deleteExperiment(gone, h.call);
    await h.tracking.deleteRun(runs.deletedAlone!, h.call);
  });

  it('keeps what was deleted within the retention window', async () => {
    const report = await purgeDeleted(h.tracking, {}, h.call);
    expect(report).to.deep.include({ dryRun: false, experiments: [], runs: [], artifacts: 0 });
    expect((await h.tracking.getExperiment(gone, h.call)).lifecycleStage).to.equal('deleted');
  });

  it('lists what it would purge in a dry run, and changes nothing', async () => {
    const report = await purgeDeleted(h.tracking, { olderThanMs: 0, dryRun: true }, h.call);
    expect(report.dryRun).to.equal(true);
    expect(report.experiments.map((e) => [e.kind, e.id, e.name])).to.deep.equal([
      ['experiment', gone, 'doomed'],
    ]);
    expect(report.runs.map((r) => r.name).sort()).to.deep.equal(['deletedAlone', 'inDoomed']);
    expect(report.artifacts).to.equal(2);
    expect((await h.tracking.getRun(runs.inDoomed!, h.call)).info.lifecycleStage).to.equal('deleted');
    await h.kernel.get(BlobStore).head(artifactKey(gone, runs.inDoomed!));
    expect(await countRows(h.db, 'tracking_purges')).to.equal(0);
  });

  it('offers the purge as `mlops tracking purge`', async () => {
    const command = h.kernel.commands.find((c) => c.spec.name === 'tracking purge');
    expect(command?.plugin).to.equal('@mlops/plugin-tracking');
    const lines: string[] = [];
    await command!.spec.run({
      args: [],
      options: { olderThan: '0s', dryRun: true },
      scope: h.kernel,
      print: (l) => lines.push(l),
    });
    expect(lines[0]).to.match(
      /^would purge 1 experiment\(s\), 2 run\(s\) and 2 artifact\(s\) deleted before \d{4}-/,
    );
    expect(lines.slice(1).join('\n'))
      .to.include(`experiment ${gone} "doomed"`)
      .and.include(`run ${runs.deletedAlone} "deletedAlone"`);
    const bad = await rejection(
      Promise.resolve().then(() =>
        command!.spec.run({ args: [], options: { olderThan: '30 days' }, scope: h.kernel, print: () => {} }),
      ),
    );
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect(bad.message).to.equal(
      '--older-than must be a duration such as 30d, 12h, 45m or 10s, got "30 days"',
    );
  });

  it('purges rows and artifacts, records each purge, emits events and frees the name', async () => {
    const events: PurgedPayload[] = [];
    const offs = [RunPurged, ExperimentPurged].map((hook) =>
      h.kernel.hooks.on(hook, (p) => {
        events.push(p);
      }),
    );
    const doomedInt = await runIntOf(h.db, runs.inDoomed!);
    const report = await purgeDeleted(h.tracking, { olderThanMs: 0 }, h.call);
    for (const off of offs) off();
    expect(report.runs.map((r) => r.name).sort()).to.deep.equal(['deletedAlone', 'inDoomed']);
    expect(report.experiments.map((e) => e.name)).to.deep.equal(['doomed']);
    expect(report.artifacts).to.equal(2);
    for (const runId of [runs.inDoomed!, runs.deletedAlone!]) {
      expect(await rejection(h.tracking.getRun(runId, h.call))).to.be.instanceOf(NotFoundError);
    }
    expect(await rejection(h.tracking.getExperiment(gone, h.call))).to.be.instanceOf(NotFoundError);
    for (const table of [
      'tracking_metrics',
      'tracking_latest_metrics',
      'tracking_metric_tiles',
      'tracking_params',
      'tracking_inputs',
    ]) {
      expect(await countRows(h.db, table, { run_int: doomedInt }), table).to.equal(0);
    }
    expect(await countRows(h.db, 'tracking_datasets', { experiment_id: Number(gone) })).to.equal(0);
    const blobs = h.kernel.get(BlobStore);
    expect(await rejection(blobs.head(artifactKey(gone, runs.inDoomed!)))).to.be.instanceOf(NotFoundError);
    expect(await rejection(blobs.head(artifactKey(kept, runs.deletedAlone!)))).to.be.instanceOf(
      NotFoundError,
    );
    expect((await blobs.head(artifactKey(kept, runs.alive!))).size).to.equal(5);
    expect((await h.tracking.getRun(runs.alive!, h.call)).data.params).to.deep.equal([
      { key: 'p', value: '1' },
    ]);

    const records = (await h.db('tracking_purges').orderBy('purge_int')) as {
      kind: string;
      entity_id: string;
      name: string;
      purged_by: string;
    }[];
    expect(records.map((r) => [r.kind, r.name, r.purged_by])).to.deep.equal([
      ['run', 'inDoomed', 'system'],
      ['run', 'deletedAlone', 'system'],
      ['experiment', 'doomed', 'system'],
    ]);
    expect(events.map((e) => `${e.kind} ${e.id}`)).to.deep.equal([
      `run ${runs.inDoomed}`,
      `run ${runs.deletedAlone}`,
      `experiment ${gone}`,
    ]);
    const reborn = await h.tracking.createExperiment({ name: 'doomed' }, h.call);
    expect(reborn.experimentId).to.not.equal(gone);
    expect((await purgeDeleted(h.tracking, { olderThanMs: 0 }, h.call)).runs).to.deep.equal([]);
  });

  it('refuses a negative window', async () => {
    const err = await rejection(purgeDeleted(h.tracking, { olderThanMs: -1 }, h.call));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect(err.message).to.equal('olderThanMs must be a non-negative number of milliseconds, got -1');
  });
});
