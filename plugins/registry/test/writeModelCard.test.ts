import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { BlobStore, Tracking } from '@mlops/plugin-api';
import { storageFsPlugin } from '@mlops/plugin-storage-fs';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';
import { datasetInput, logTrainingRun } from './trainingRun.js';

const alice = userCall('alice');

describeOnBackends('modelCard', (backend) => {
  let k: RegistryKernel;
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'registry-card-'));
  });
  afterEach(async () => {
    await k.kernel.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('describes the version, its run, its lineage and its history, and stores the card', async () => {
    k = await startRegistry(backend, { before: [storageFsPlugin({ root, fsync: false }), trackingPlugin()] });
    const runId = await logTrainingRun(k.kernel.get(Tracking), alice, {
      metrics: { val_auc: [0.91, 0.93] },
      params: { lr: '0.01', depth: '6' },
      datasets: [datasetInput('churn-train', 'd1', 'train')],
    });
    const v = await k.registry.createVersion(
      {
        model: 'churn',
        source: `runs:/${runId}/model`,
        description: 'Gradient boosting | 2026 data',
        tags: { owner: 'risk' },
      },
      alice,
    );
    await k.registry.transitionStage(v.ref, 'Staging', { reason: 'qa' }, userCall('bob'));
    await k.registry.setAlias(v.ref, 'champion', { reason: 'best auc' }, alice);
    const card = await k.registry.modelCard(v.ref, alice);
    const lines = card.markdown.split('\n');
    expect(lines[0]).to.equal('# Model card: churn version 1');
    for (const line of [
      '| Stage | Staging |',
      '| Status | READY |',
      '| Aliases | @champion |',
      `| Source | runs:/${runId}/model |`,
      `| Source run | ${runId} |`,
      '| Revision | 3 |',
      'Gradient boosting | 2026 data',
      '| owner | risk |',
      '| depth | 6 |',
      '| lr | 0.01 |',
      '| val_auc | 0.93 | 1 |',
      '| churn-train | d1 | local | train |',
    ]) {
      expect(lines, line).to.include(line);
    }
    expect(lines.indexOf('| depth | 6 |')).to.be.lessThan(lines.indexOf('| lr | 0.01 |'));
    expect(
      lines.some(
        (l) => l.startsWith(`Run ${runId} ("train") in experiment `) && l.includes(': FINISHED, started '),
      ),
    ).to.equal(true);
    const history = lines.filter((l) => / \| (stage|alias)/.test(l));
    expect(history.map((l) => l.replace(/^\| [^|]+ \| /, ''))).to.deep.equal([
      'stage: None → Staging | bob | qa |',
      'alias @champion: None → v1 | alice | best auc |',
    ]);
    expect(card.blobKey).to.equal(`${v.artifactPrefix}model-card.md`);
    const stored = await text(await k.kernel.get(BlobStore).get(card.blobKey!));
    expect(stored).to.equal(card.markdown);
  });

  it('escapes user text that would break a table, and says what is missing', async () => {
    k = await startRegistry(backend);
    const v = await k.registry.createVersion(
      { model: 'churn', source: 's3://bucket/model', tags: { note: 'a|b\nc' } },
      alice,
    );
    const card = await k.registry.modelCard(v.ref, alice);
    expect(card.blobKey).to.equal(undefined);
    const lines = card.markdown.split('\n');
    expect(lines).to.include('| note | a\\|b c |');
    expect(lines).to.include('No source run is recorded.');
    expect(lines).to.include('No dataset inputs are recorded.');
    expect(lines).to.include('No stage transitions or alias moves yet.');
  });
});
