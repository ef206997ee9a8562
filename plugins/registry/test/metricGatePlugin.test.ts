import { FailedPreconditionError, Tracking } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { expect } from 'chai';
import { type MetricRule, metricGatePlugin } from '../src/index.js';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';
import { logTrainingRun } from './trainingRun.js';

const alice = userCall('alice');
const gate = '@mlops/plugin-registry/metric-gate';

describeOnBackends('metricGatePlugin', (backend) => {
  let k: RegistryKernel;
  let tracking: Tracking;
  const start = async (rules: readonly MetricRule[]) => {
    k = await startRegistry(backend, { before: [trackingPlugin()], after: [metricGatePlugin({ rules })] });
    tracking = k.kernel.get(Tracking);
  };
  afterEach(async () => {
    await k?.kernel.stop();
  });

  /** Registers a version of `churn` from a run that logged `metrics`. */
  async function versionFrom(metrics: Record<string, number[]>) {
    const runId = await logTrainingRun(tracking, alice, { metrics });
    return {
      runId,
      version: await k.registry.createVersion({ model: 'churn', source: `runs:/${runId}/model` }, alice),
    };
  }

  it('refuses Production below the threshold, naming the metric and the run, and leaves the stage unchanged', async () => {
    await start([{ stage: 'Production', metric: 'val_auc', min: 0.9 }]);
    const { runId, version } = await versionFrom({ val_auc: [0.95, 0.85] });
    await k.registry.transitionStage(version.ref, 'Staging', {}, alice);
    const err = await rejectionOf(
      k.registry.transitionStage(version.ref, 'Production', {}, alice),
      'a promotion at 0.85',
    );
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      `promotion of churn/1 to Production refused by ${gate}: val_auc 0.85 of run ${runId} is below the minimum 0.9`,
    );
    expect((await k.registry.getVersion(version.ref, alice)).stage).to.equal('Staging');
  });

  it('lets a version whose latest value meets the threshold through', async () => {
    await start([{ stage: 'production', metric: 'val_auc', min: 0.9 }]);
    const { version } = await versionFrom({ val_auc: [0.7, 0.93] });
    expect((await k.registry.transitionStage(version.ref, 'Production', {}, alice)).stage).to.equal(
      'Production',
    );
  });

  it('fails closed: a metric never logged, or no source run at all, is a veto', async () => {
    await start([{ stage: 'Production', metric: 'val_auc', min: 0.9 }]);
    const { runId, version } = await versionFrom({ accuracy: [0.99] });
    const missing = await rejectionOf(
      k.registry.transitionStage(version.ref, 'Production', {}, alice),
      'no val_auc',
    );
    expect((missing as Error).message).to.equal(
      `promotion of churn/1 to Production refused by ${gate}: val_auc is not logged on run ${runId}`,
    );
    const external = await k.registry.createVersion({ model: 'churn', source: 's3://bucket/model' }, alice);
    const noRun = await rejectionOf(
      k.registry.transitionStage(external.ref, 'Production', {}, alice),
      'no run',
    );
    expect((noRun as Error).message).to.equal(
      `promotion of churn/2 to Production refused by ${gate}: churn/2 has no source run, so val_auc cannot be checked`,
    );
  });

  it('guards only the stages and aliases its rules name, with min and max bounds', async () => {
    await start([
      { alias: 'champion', metric: 'val_loss', max: 0.3 },
      { stage: 'Production', metric: 'val_loss', min: 0, max: 0.5 },
    ]);
    const { runId, version } = await versionFrom({ val_loss: [0.4] });
    expect((await k.registry.transitionStage(version.ref, 'Staging', {}, alice)).stage).to.equal('Staging');
    expect((await k.registry.setAlias(version.ref, 'challenger', {}, alice)).aliases).to.deep.equal([
      'challenger',
    ]);
    expect((await k.registry.transitionStage(version.ref, 'Production', {}, alice)).stage).to.equal(
      'Production',
    );
    const err = await rejectionOf(k.registry.setAlias(version.ref, 'champion', {}, alice), 'champion at 0.4');
    expect((err as Error).message).to.equal(
      `promotion of churn/1 to @champion refused by ${gate}: val_loss 0.4 of run ${runId} is above the maximum 0.3`,
    );
    expect((await k.registry.getModel('churn', alice)).aliases).to.deep.equal({ challenger: 1 });
  });

  it('refuses rules that guard nothing or bound nothing when the kernel starts', async () => {
    const cases: [MetricRule, string][] = [
      [{ metric: 'val_auc', min: 0.9 }, 'rules[0] must name a stage or an alias (one of them)'],
      [
        { stage: 'Production', alias: 'champion', metric: 'val_auc', min: 0.9 },
        'rules[0] must name a stage or an alias (one of them)',
      ],
      [{ stage: 'Production', metric: 'val_auc' }, 'rules[0] must set min, max or both'],
      [
        { stage: 'Prod', metric: 'val_auc', min: 0.9 },
        'rules[0].stage "Prod" is not one of None, Staging, Production, Archived',
      ],
      [
        { alias: 'latest', metric: 'val_auc', min: 0.9 },
        'rules[0].alias "latest" is reserved (latest, in any case)',
      ],
      [{ stage: 'Production', metric: 'val_auc', min: 0.9, max: 0.5 }, 'rules[0] has min 0.9 above max 0.5'],
    ];
    for (const [rule, message] of cases) {
      const err = await rejectionOf(start([rule]), JSON.stringify(rule));
      expect((err as Error).message).to.equal(`plugin "${gate}" failed in setup: ${message}`);
    }
  });
});
