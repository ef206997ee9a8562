import {
  amend,
  BeforeModelTransition,
  ConflictError,
  definePlugin,
  FailedPreconditionError,
  InvalidArgumentError,
  type ModelTransition,
  ModelVersionTransitioned,
  pass,
  veto,
} from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';

const alice = userCall('alice');
const churn = (version: number) => ({ model: 'churn', version });

/** A gate that refuses every move to Production with `reason`. */
function vetoingGatePlugin(reason: string) {
  return definePlugin({
    name: 'test-gate',
    version: '0.1.0',
    apiVersion: '^0.1.0',
    setup(ctx) {
      ctx.hooks.intercept(BeforeModelTransition, (t) => (t.to === 'Production' ? veto(reason) : pass()));
    },
  })();
}

describeOnBackends('transitionModelVersionStage', (backend) => {
  let k: RegistryKernel;
  afterEach(async () => {
    await k.kernel.stop();
  });

  describe('with a vetoing gate', () => {
    beforeEach(async () => {
      k = await startRegistry(backend, { after: [vetoingGatePlugin('val_auc too low')] });
    });

    it('refuses Production when a gate vetoes, and leaves the stage unchanged', async () => {
      const v = await k.registry.createVersion({ model: 'churn', source: 'runs:/r1/model' }, alice);
      await k.registry.transitionStage(v.ref, 'Staging', {}, alice);
      const transitioned: string[] = [];
      k.kernel.hooks.on(ModelVersionTransitioned, (t) => void transitioned.push(t.to));
      const err = await rejectionOf(
        k.registry.transitionStage(v.ref, 'Production', {}, alice),
        'a vetoed promotion',
      );
      expect(err).to.be.instanceOf(FailedPreconditionError);
      expect((err as Error).message).to.equal(
        'promotion of churn/1 to Production refused by test-gate: val_auc too low',
      );
      expect((err as FailedPreconditionError).details).to.include({
        field: 'stage',
        reason: 'vetoed',
        by: 'test-gate',
      });
      const after = await k.registry.getVersion(v.ref, alice);
      expect([after.stage, after.revision]).to.deep.equal(['Staging', 2]);
      const history = await k.registry.history({ model: 'churn' }, alice);
      expect(history.items.map((r) => r.to)).to.deep.equal(['Staging']);
      expect(transitioned).to.deep.equal([]);
    });

    it('lets moves the gate does not guard through', async () => {
      await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
      expect((await k.registry.transitionStage(churn(1), 'archived', {}, alice)).stage).to.equal('Archived');
    });
  });

  describe('without gates', () => {
    beforeEach(async () => {
      k = await startRegistry(backend);
      for (let i = 1; i <= 3; i++)
        await k.registry.createVersion({ model: 'churn', source: `s3://b/${i}`, runId: `run${i}` }, alice);
    });

    it('moves a version through the stages, accepting any case, and records who, when and why', async () => {
      const staged = await k.registry.transitionStage(churn(1), 'staging', { reason: 'ready for QA' }, alice);
      expect([staged.stage, staged.revision]).to.deep.equal(['Staging', 2]);
      await k.registry.transitionStage(churn(1), 'PRODUCTION', {}, userCall('bob'));
      const history = await k.registry.history({ model: 'churn' }, alice);
      expect(
        history.items.map((r) => [r.kind, r.version, r.from, r.to, r.principal, r.reason]),
      ).to.deep.equal([
        ['stage', 1, 'None', 'Staging', 'alice', 'ready for QA'],
        ['stage', 1, 'Staging', 'Production', 'bob', undefined],
      ]);
      expect(history.items[0]!.at).to.be.at.most(history.items[1]!.at);
      const latest = await k.registry.getLatestVersions('churn', undefined, alice);
      expect(latest.map((v) => [v.stage, v.version])).to.deep.equal([
        ['None', 3],
        ['Production', 1],
      ]);
    });

    it('archives the other versions in the stage in the same transaction, and announces each move', async () => {
      await k.registry.transitionStage(churn(1), 'Production', {}, alice);
      await k.registry.transitionStage(churn(2), 'Production', {}, alice);
      const events: ModelTransition[] = [];
      k.kernel.hooks.on(ModelVersionTransitioned, (t) => void events.push(t));
      await k.registry.transitionStage(churn(3), 'Production', { archiveExistingVersions: true }, alice);
      const stages = await Promise.all(
        [1, 2, 3].map(async (n) => (await k.registry.getVersion(churn(n), alice)).stage),
      );
      expect(stages).to.deep.equal(['Archived', 'Archived', 'Production']);
      expect(events.map((e) => [e.ref.version, e.from, e.to, e.reason])).to.deep.equal([
        [1, 'Production', 'Archived', 'archived by the transition of churn/3 to Production'],
        [2, 'Production', 'Archived', 'archived by the transition of churn/3 to Production'],
        [3, 'None', 'Production', undefined],
      ]);
      const archived = await k.registry.history({ model: 'churn', version: 2 }, alice);
      expect(archived.items.map((r) => r.to)).to.deep.equal(['Production', 'Archived']);
    });

    it('refuses archiveExistingVersions for a stage that is not Staging or Production', async () => {
      const err = await rejectionOf(
        k.registry.transitionStage(churn(1), 'Archived', { archiveExistingVersions: true }, alice),
        'archive-existing to Archived',
      );
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(
        'archiveExistingVersions applies to Staging and Production only, not Archived',
      );
      expect((err as InvalidArgumentError).details.field).to.equal('archiveExistingVersions');
    });

    it('refuses an unknown stage, naming it', async () => {
      const err = await rejectionOf(
        k.registry.transitionStage(churn(1), 'Prod', {}, alice),
        'a move to Prod',
      );
      expect((err as Error).message).to.equal(
        'stage "Prod" is not one of None, Staging, Production, Archived',
      );
      expect((err as InvalidArgumentError).details.field).to.equal('stage');
    });

    it('refuses a stale expectedRevision with a Conflict, and changes nothing', async () => {
      await k.registry.setVersionTag(churn(1), 'checked', 'yes', alice);
      const err = await rejectionOf(
        k.registry.transitionStage(churn(1), 'Staging', { expectedRevision: 1 }, alice),
        'a transition at revision 1',
      );
      expect(err).to.be.instanceOf(ConflictError);
      expect((err as Error).message).to.equal('model version churn/1 is at revision 2, not 1');
      expect((await k.registry.getVersion(churn(1), alice)).stage).to.equal('None');
      const ok = await k.registry.transitionStage(churn(1), 'Staging', { expectedRevision: 2 }, alice);
      expect(ok.revision).to.equal(3);
    });

    it('serialises two concurrent transitions at one revision: exactly one wins', async () => {
      const results = await Promise.allSettled([
        k.registry.transitionStage(churn(1), 'Staging', { expectedRevision: 1 }, alice),
        k.registry.transitionStage(churn(1), 'Production', { expectedRevision: 1 }, alice),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).to.have.length(1);
      expect(lost).to.have.length(1);
      expect(lost[0]!.reason).to.be.instanceOf(ConflictError);
      const after = await k.registry.getVersion(churn(1), alice);
      expect(after.revision).to.equal(2);
      const history = await k.registry.history({ model: 'churn' }, alice);
      expect(history.items.map((r) => r.to)).to.deep.equal([after.stage]);
    });

    it('serialises concurrent promotions with archiving: one version ends in Production', async () => {
      await Promise.all(
        [1, 2, 3].map((n) =>
          k.registry.transitionStage(churn(n), 'Production', { archiveExistingVersions: true }, alice),
        ),
      );
      const stages = await Promise.all(
        [1, 2, 3].map(async (n) => (await k.registry.getVersion(churn(n), alice)).stage),
      );
      expect(stages.filter((s) => s === 'Production')).to.have.length(1);
      expect(stages.filter((s) => s === 'Archived')).to.have.length(2);
      const history = (await k.registry.history({ model: 'churn' }, alice)).items;
      const lastPromotion = history.filter((r) => r.to === 'Production').at(-1)!;
      expect(stages[lastPromotion.version! - 1]).to.equal('Production');
    });
  });

  describe('interceptors', () => {
    it('run before the transaction opens (they may read the registry) and see the whole transition', async () => {
      const seen: ModelTransition[] = [];
      const reader = definePlugin({
        name: 'reading-gate',
        version: '0.1.0',
        apiVersion: '^0.1.0',
        setup(ctx) {
          ctx.hooks.intercept(BeforeModelTransition, async (t) => {
            seen.push(t);
            // Inside a transaction this read would wait for it (SQLite has one connection).
            const current = await k.registry.getVersion(t.ref, t.call);
            return current.stage === t.from ? pass() : veto('stale');
          });
        },
      });
      k = await startRegistry(backend, { after: [reader()] });
      await k.registry.createVersion({ model: 'churn', source: 'runs:/abc/model' }, alice);
      await k.registry.transitionStage(
        churn(1),
        'Staging',
        { reason: 'qa', archiveExistingVersions: true },
        alice,
      );
      expect(seen.map(({ call: _call, ...t }) => t)).to.deep.equal([
        {
          ref: churn(1),
          from: 'None',
          to: 'Staging',
          runId: 'abc',
          reason: 'qa',
          archiveExistingVersions: true,
        },
      ]);
    });

    it('may amend the reason, which the history records, and nothing else', async () => {
      const amender = definePlugin({
        name: 'approval',
        version: '0.1.0',
        apiVersion: '^0.1.0',
        setup(ctx) {
          ctx.hooks.intercept(BeforeModelTransition, (t) =>
            t.to === 'Production'
              ? amend({ ...t, to: 'Archived' })
              : amend({ ...t, reason: `${t.reason} (approved by carol)` }),
          );
        },
      });
      k = await startRegistry(backend, { after: [amender()] });
      await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
      await k.registry.transitionStage(churn(1), 'Staging', { reason: 'qa' }, alice);
      const [record] = (await k.registry.history({ model: 'churn' }, alice)).items;
      expect(record!.reason).to.equal('qa (approved by carol)');
      const err = await rejectionOf(
        k.registry.transitionStage(churn(1), 'Production', {}, alice),
        'an amended target',
      );
      expect(err).to.be.instanceOf(FailedPreconditionError);
      expect((err as Error).message).to.equal(
        'an interceptor of model.version.beforeTransition changed "to"; only "reason" may be amended',
      );
      expect((await k.registry.getVersion(churn(1), alice)).stage).to.equal('Staging');
    });

    it('announce the transition after the commit: a listener reads the new stage', async () => {
      k = await startRegistry(backend);
      await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
      const reads: Promise<string>[] = [];
      k.kernel.hooks.on(ModelVersionTransitioned, (t) => {
        reads.push(k.registry.getVersion(t.ref, t.call).then((v) => v.stage));
      });
      await k.registry.transitionStage(churn(1), 'Staging', {}, alice);
      expect(await Promise.all(reads)).to.deep.equal(['Staging']);
    });
  });
});
