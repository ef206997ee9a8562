import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import {
  BlobStore,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  RunArtifactLogged,
  type RunArtifactLoggedPayload,
} from '@mlops/plugin-api';
import { expect } from 'chai';
import { describeOnStores, rejection, type TrackingHarness } from './startTracking.js';

describeOnStores('run artifacts', (target) => {
  let h: TrackingHarness;
  let experimentId: string;
  before(async () => {
    h = await target.start();
    experimentId = (await h.tracking.createExperiment({ name: 'artifacts' }, h.call)).experimentId;
  });

  it('streams artifacts in under experiments/<e>/runs/<r>/artifacts/, lists and reads them', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    const logged: RunArtifactLoggedPayload[] = [];
    const off = h.kernel.hooks.on(RunArtifactLogged, (p) => {
      logged.push(p);
    });
    const entry = await h.tracking.logArtifact(
      info.runId,
      'model/weights.bin',
      Readable.from([Buffer.from('abc'), Buffer.from('def')]),
      h.call,
    );
    await h.tracking.logArtifact(info.runId, 'model/config.json', '{}', h.call);
    await h.tracking.logArtifact(info.runId, 'notes.txt', 'hello', h.call);
    off();
    expect(entry).to.deep.equal({ path: 'model/weights.bin', isDir: false, size: 6 });
    expect(logged.map((p) => [p.path, p.size])).to.deep.equal([
      ['model/weights.bin', 6],
      ['model/config.json', 2],
      ['notes.txt', 5],
    ]);
    expect(logged[0]!.sha256).to.equal('bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721');
    const blob = await h.kernel
      .get(BlobStore)
      .head(`experiments/${experimentId}/runs/${info.runId}/artifacts/model/weights.bin`);
    expect(blob.size).to.equal(6);
    expect(await h.tracking.listArtifacts(info.runId, undefined, h.call)).to.deep.equal([
      { path: 'notes.txt', isDir: false, size: 5 },
      { path: 'model', isDir: true },
    ]);
    expect(await h.tracking.listArtifacts(info.runId, 'model', h.call)).to.deep.equal([
      { path: 'model/config.json', isDir: false, size: 2 },
      { path: 'model/weights.bin', isDir: false, size: 6 },
    ]);
    expect(await h.tracking.listArtifacts(info.runId, 'notes.txt', h.call)).to.deep.equal([]);
    expect(await text(await h.tracking.openArtifact(info.runId, 'model/weights.bin', h.call))).to.equal(
      'abcdef',
    );
    expect(
      await text(
        await h.tracking.openArtifact(info.runId, 'model/weights.bin', h.call, {
          range: { start: 2, end: 3 },
        }),
      ),
    ).to.equal('cd');
  });

  it('refuses a bad path, a deleted run, and says which artifact is missing', async () => {
    const { info } = await h.tracking.createRun({ experimentId }, h.call);
    for (const [path, why] of [
      ['', 'it is empty'],
      ['/etc/passwd', 'it starts with "/"; artifact paths are relative to the run'],
      ['a/../../b', 'it has a "." or ".." segment'],
      ['a//b', 'it has an empty segment'],
    ]) {
      const err = await rejection(h.tracking.logArtifact(info.runId, path!, 'x', h.call));
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect(err.message).to.equal(`artifact path ${JSON.stringify(path)} is invalid: ${why}`);
      expect(err.details).to.include({ field: 'path' });
    }
    const missing = await rejection(h.tracking.openArtifact(info.runId, 'nope.txt', h.call));
    expect(missing).to.be.instanceOf(NotFoundError);
    expect(missing.message).to.equal(`run ${info.runId} has no artifact "nope.txt"`);
    await h.tracking.deleteRun(info.runId, h.call);
    const deleted = await rejection(h.tracking.logArtifact(info.runId, 'late.txt', 'x', h.call));
    expect(deleted).to.be.instanceOf(FailedPreconditionError);
    expect(deleted.message).to.equal(
      `The run ${info.runId} must be in the 'active' state. Current state is deleted.`,
    );
  });

  it('fails every artifact call when no BlobStore plugin is configured', async () => {
    const bare = await target.start({ blobs: false });
    const { info } = await bare.tracking.createRun({ experimentId: '0' }, bare.call);
    for (const call of [
      bare.tracking.logArtifact(info.runId, 'a.txt', 'x', bare.call),
      bare.tracking.listArtifacts(info.runId, undefined, bare.call),
      bare.tracking.openArtifact(info.runId, 'a.txt', bare.call),
    ]) {
      const err = await rejection(call);
      expect(err).to.be.instanceOf(FailedPreconditionError);
      expect(err.message).to.equal(
        'run artifacts need a BlobStore, and no BlobStore plugin is configured (add storage-fs or storage-s3 to the config)',
      );
    }
  });
});
