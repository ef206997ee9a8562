import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BlobStore,
  InvalidArgumentError,
  NotFoundError,
  RegistryPurged,
  type RegistryPurgedPayload,
} from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';

const alice = userCall('alice');
const churn = (version: number) => ({ model: 'churn', version });

describeOnBackends('purge', (backend) => {
  let k: RegistryKernel;
  let blobs: BlobStore;
  let root = '';
  const purged: RegistryPurgedPayload[] = [];
  beforeEach(async () => {
    purged.length = 0;
    root = await mkdtemp(join(tmpdir(), 'registry-purge-'));
    k = await startRegistry(backend, { before: [storageFsPlugin({ root, fsync: false })] });
    blobs = k.kernel.get(BlobStore);
    k.kernel.hooks.on(RegistryPurged, (p) => void purged.push(p));
  });
  afterEach(async () => {
    await k.kernel.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function keys(prefix = ''): Promise<string[]> {
    return (await blobs.list({ prefix })).items.map((i) => i.key);
  }

  it('keeps what was deleted within the retention window (30 days by default)', async () => {
    await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    await k.registry.deleteVersion(churn(1), alice);
    const report = await k.registry.purge({}, alice);
    expect([report.models, report.versions, report.blobKeys, report.dryRun]).to.deep.equal([
      [],
      [],
      [],
      false,
    ]);
    expect((await k.registry.restoreVersion(churn(1), alice)).lifecycleStage).to.equal('active');
  });

  it('reports in a dry run and removes nothing', async () => {
    const v1 = await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    const card = await k.registry.modelCard(v1.ref, alice);
    await k.registry.createVersion({ model: 'fraud', source: 's' }, alice);
    await k.registry.deleteVersion(churn(1), alice);
    await k.registry.deleteModel('fraud', alice);
    const report = await k.registry.purge({ dryRun: true, retentionDays: 0 }, alice);
    expect(report.dryRun).to.equal(true);
    expect([report.models, report.versions, report.blobKeys]).to.deep.equal([
      ['fraud'],
      [churn(1)],
      [card.blobKey],
    ]);
    expect(await keys()).to.deep.equal([card.blobKey]);
    expect((await k.registry.restoreVersion(churn(1), alice)).version).to.equal(1);
    expect((await k.registry.restoreModel('fraud', alice)).name).to.equal('fraud');
    expect((await k.registry.purgeRecords({}, alice)).items).to.deep.equal([]);
    expect(purged).to.deep.equal([]);
  });

  it('removes old deleted versions with their registry-owned artifacts, and records each purge', async () => {
    const v1 = await k.registry.createVersion({ model: 'churn', source: 'runs:/abc/model' }, alice);
    await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    const card = await k.registry.modelCard(v1.ref, alice);
    await blobs.put(`${v1.artifactPrefix}model.onnx`, 'onnx bytes');
    await blobs.put('runs/abc/model/model.onnx', 'tracking owns this');
    await k.registry.deleteVersion(churn(1), alice);
    const report = await k.registry.purge({ retentionDays: 0 }, userCall('ops'));
    expect([report.models, report.versions]).to.deep.equal([[], [churn(1)]]);
    expect(report.blobKeys).to.deep.equal([card.blobKey, `${v1.artifactPrefix}model.onnx`].sort());
    expect(await keys()).to.deep.equal(['runs/abc/model/model.onnx']);
    const gone = await rejectionOf(k.registry.restoreVersion(churn(1), alice), 'restore of a purged version');
    expect(gone).to.be.instanceOf(NotFoundError);
    expect((gone as Error).message).to.equal('model version churn/1 does not exist');
    expect((await k.registry.getVersion(churn(2), alice)).version).to.equal(2);
    const records = (await k.registry.purgeRecords({}, alice)).items;
    expect(records.map((r) => [r.kind, r.model, r.version, r.principal, r.blobKeys])).to.deep.equal([
      ['version', 'churn', 1, 'ops', 2],
    ]);
    expect(records[0]!.purgedAt).to.be.at.least(records[0]!.deletedTime);
    expect(purged.map((p) => [p.models, p.versions])).to.deep.equal([[[], [churn(1)]]]);
  });

  it('removes a deleted model with all its versions and history, and frees its name', async () => {
    const v1 = await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    await k.registry.transitionStage(churn(2), 'Production', {}, alice);
    await k.registry.modelCard(v1.ref, alice);
    await k.registry.deleteModel('churn', alice);
    const report = await k.registry.purge({ retentionDays: 0 }, alice);
    expect([report.models, report.versions, report.blobKeys.length]).to.deep.equal([['churn'], [], 1]);
    expect(await keys()).to.deep.equal([]);
    const reused = await k.registry.createVersion({ model: 'churn', source: 'new' }, alice);
    expect([reused.version, reused.stage]).to.deep.equal([1, 'None']);
    expect(reused.artifactPrefix).to.not.equal(v1.artifactPrefix);
    expect((await k.registry.history({ model: 'churn' }, alice)).items).to.deep.equal([]);
    const records = (await k.registry.purgeRecords({}, alice)).items;
    expect(records.map((r) => [r.kind, r.model, r.version])).to.deep.equal([['model', 'churn', null]]);
  });

  it('removes objects an interrupted purge left behind, and nothing of live versions', async () => {
    const v1 = await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    await blobs.put(`${v1.artifactPrefix}model.onnx`, 'live');
    await blobs.put('registry/00000000-0000-0000-0000-000000000000/3/model-card.md', 'orphan');
    await blobs.put('registry/stray.txt', 'orphan');
    const dry = await k.registry.purge({ dryRun: true }, alice);
    expect(dry.blobKeys).to.deep.equal([
      'registry/00000000-0000-0000-0000-000000000000/3/model-card.md',
      'registry/stray.txt',
    ]);
    const report = await k.registry.purge({}, alice);
    expect(report.blobKeys).to.deep.equal(dry.blobKeys);
    expect(await keys()).to.deep.equal([`${v1.artifactPrefix}model.onnx`]);
  });

  it('refuses a negative retention, naming it', async () => {
    const err = await rejectionOf(k.registry.purge({ retentionDays: -1 }, alice), 'a negative retention');
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal('retentionDays must be a number >= 0, got -1');
    expect((err as InvalidArgumentError).details.field).to.equal('retentionDays');
  });
});
