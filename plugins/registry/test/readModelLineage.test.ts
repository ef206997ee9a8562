import { InvalidArgumentError, NotFoundError, Tracking } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';
import { datasetInput, logTrainingRun } from './trainingRun.js';

const alice = userCall('alice');

describeOnBackends('lineage', (backend) => {
  let k: RegistryKernel;
  let tracking: Tracking;
  beforeEach(async () => {
    k = await startRegistry(backend, { before: [trackingPlugin()] });
    tracking = k.kernel.get(Tracking);
  });
  afterEach(async () => {
    await k.kernel.stop();
  });

  it('follows a version to its run and the datasets the run used', async () => {
    const runId = await logTrainingRun(tracking, alice, {
      datasets: [datasetInput('churn-train', 'd1', 'train'), datasetInput('churn-eval', 'd2', 'eval')],
    });
    const v = await k.registry.createVersion({ model: 'churn', source: `runs:/${runId}/model` }, alice);
    const lineage = await k.registry.lineage(v.ref, alice);
    expect(lineage.runId).to.equal(runId);
    expect(lineage.source).to.equal(`runs:/${runId}/model`);
    expect(lineage.run).to.include({ runName: 'train', status: 'FINISHED' });
    expect(
      lineage.datasets.map((d) => [d.dataset.name, d.dataset.digest, d.tags[0]?.value]),
    ).to.have.deep.members([
      ['churn-train', 'd1', 'train'],
      ['churn-eval', 'd2', 'eval'],
    ]);
  });

  it('finds the versions that came from a dataset, newest first, leaving out deleted ones', async () => {
    const trainedOnD1 = await logTrainingRun(tracking, alice, {
      datasets: [datasetInput('churn-train', 'd1', 'train')],
    });
    const trainedOnD2 = await logTrainingRun(tracking, alice, {
      datasets: [datasetInput('churn-train', 'd2', 'train')],
    });
    await k.registry.createVersion({ model: 'churn', source: 'a', runId: trainedOnD1 }, alice);
    await k.registry.createVersion({ model: 'churn', source: 'b', runId: trainedOnD2 }, alice);
    await k.registry.createVersion({ model: 'fraud', source: 'c', runId: trainedOnD1 }, alice);
    await k.registry.createVersion({ model: 'churn', source: 'd', runId: trainedOnD1 }, alice);
    const refs = async (digest: string, name?: string) =>
      (await k.registry.versionsForDataset({ digest, ...(name === undefined ? {} : { name }) }, alice)).map(
        (v) => `${v.model}/${v.version}`,
      );
    expect(await refs('d1')).to.have.members(['churn/1', 'fraud/1', 'churn/3']);
    expect(await refs('d2')).to.deep.equal(['churn/2']);
    expect(await refs('d1', 'other-name')).to.deep.equal([]);
    await k.registry.deleteVersion({ model: 'churn', version: 3 }, alice);
    expect(await refs('d1')).to.have.members(['churn/1', 'fraud/1']);
    const err = await rejectionOf(k.registry.versionsForDataset({ digest: '' }, alice), 'an empty digest');
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal('digest must be a string of 1 to 36 characters');
  });

  it('refuses a run Tracking does not know, unless runLink says it lives elsewhere', async () => {
    const err = await rejectionOf(
      k.registry.createVersion({ model: 'churn', source: 'runs:/0123abcd/model' }, alice),
      'a version of an unknown run',
    );
    expect(err).to.be.instanceOf(NotFoundError);
    expect((err as Error).message).to.equal('source run "0123abcd" does not exist in tracking');
    expect((err as NotFoundError).details.field).to.equal('runId');
    expect((await k.registry.searchModels({}, alice)).items).to.deep.equal([]);
    const remote = await k.registry.createVersion(
      { model: 'churn', source: 'runs:/0123abcd/model', runLink: 'https://other-mlflow/#/runs/0123abcd' },
      alice,
    );
    expect(remote.runLink).to.equal('https://other-mlflow/#/runs/0123abcd');
    const lineage = await k.registry.lineage(remote.ref, alice);
    expect([lineage.runId, lineage.run, lineage.datasets]).to.deep.equal(['0123abcd', undefined, []]);
  });
});
