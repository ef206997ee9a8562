import { InvalidArgumentError, NotFoundError } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';

const alice = userCall('alice');
const churn = (version: number) => ({ model: 'churn', version });
/** Lets the clock move on, so consecutive changes get distinct times. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

describeOnBackends('history and versionAt', (backend) => {
  let k: RegistryKernel;
  beforeEach(async () => {
    k = await startRegistry(backend, { options: { retentionDays: 0 } });
    for (let i = 1; i <= 3; i++)
      await k.registry.createVersion({ model: 'churn', source: `s3://b/${i}` }, alice);
  });
  afterEach(async () => {
    await k.kernel.stop();
  });

  /** The time of the newest history entry. */
  async function lastAt(): Promise<number> {
    const items = (await k.registry.history({ model: 'churn' }, alice)).items;
    return items[items.length - 1]!.at;
  }

  it('answers which version held an alias at any time, also after the alias moved or went', async () => {
    const before = Date.now() - 1;
    await tick();
    await k.registry.setAlias(churn(1), 'champion', {}, alice);
    const t1 = await lastAt();
    await tick();
    await k.registry.setAlias(churn(2), 'champion', {}, alice);
    const t2 = await lastAt();
    await tick();
    await k.registry.deleteVersion(churn(2), alice);
    const t3 = await lastAt();
    const at = (t: number) => k.registry.versionAt('churn', '@champion', t, alice);
    expect([await at(before), await at(t1), await at(t2 - 1), await at(t2), await at(t3)]).to.deep.equal([
      null,
      1,
      1,
      2,
      null,
    ]);
    expect(await k.registry.versionAt('churn', '@challenger', t3, alice)).to.equal(null);
  });

  it('answers which version served Production on a date: the highest there, not deleted', async () => {
    await k.registry.transitionStage(churn(1), 'Production', {}, alice);
    const t1 = await lastAt();
    await tick();
    await k.registry.transitionStage(churn(2), 'Production', {}, alice);
    const t2 = await lastAt();
    await tick();
    await k.registry.deleteVersion(churn(2), alice);
    const t3 = await lastAt();
    await tick();
    await k.registry.transitionStage(churn(3), 'Production', { archiveExistingVersions: true }, alice);
    const t4 = await lastAt();
    await tick();
    await k.registry.restoreVersion(churn(2), alice);
    const t5 = await lastAt();
    const at = (t: number) => k.registry.versionAt('churn', 'Production', t, alice);
    expect([
      await at(t1 - 1),
      await at(t1),
      await at(t2),
      await at(t3),
      await at(t4),
      await at(t5),
    ]).to.deep.equal([null, 1, 2, 1, 3, 3]);
    expect(await k.registry.versionAt('churn', 'archived', t4, alice)).to.equal(1);
  });

  it('still answers after the version is purged', async () => {
    await k.registry.transitionStage(churn(3), 'Production', {}, alice);
    const t = await lastAt();
    await k.registry.deleteVersion(churn(3), alice);
    await k.registry.purge({}, alice);
    expect(await k.registry.versionAt('churn', 'Production', t, alice)).to.equal(3);
  });

  it('refuses a question it cannot answer, naming the field', async () => {
    const cases: [Promise<unknown>, string, string][] = [
      [
        k.registry.versionAt('churn', 'None', Date.now(), alice),
        'aliasOrStage "None" is neither @<alias> nor one of Staging, Production, Archived',
        'aliasOrStage',
      ],
      [
        k.registry.versionAt('churn', 'champion', Date.now(), alice),
        'aliasOrStage "champion" is neither @<alias> nor one of Staging, Production, Archived',
        'aliasOrStage',
      ],
      [
        k.registry.versionAt('churn', '@champion', Number.NaN, alice),
        'timestamp must be a time in epoch milliseconds',
        'timestamp',
      ],
      [
        k.registry.versionAt('churn', '@latest', Date.now(), alice),
        'aliasOrStage: alias "latest" is reserved (latest, in any case)',
        'aliasOrStage',
      ],
    ];
    for (const [promise, message, field] of cases) {
      const err = await rejectionOf(promise, message);
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(message);
      expect((err as InvalidArgumentError).details.field).to.equal(field);
    }
    const missing = await rejectionOf(
      k.registry.versionAt('nope', 'Production', 0, alice),
      'an unknown model',
    );
    expect(missing).to.be.instanceOf(NotFoundError);
  });

  it('lists the history oldest first, filtered and paged, with who and why', async () => {
    await k.registry.transitionStage(churn(1), 'Staging', { reason: 'qa' }, userCall('bob'));
    await k.registry.setAlias(churn(1), 'champion', { reason: 'best auc' }, alice);
    await k.registry.deleteVersion(churn(3), alice);
    await k.registry.restoreVersion(churn(3), alice);
    const all = (await k.registry.history({ model: 'churn' }, alice)).items;
    expect(all.map((r) => [r.kind, r.version, r.alias, r.from, r.to, r.principal, r.reason])).to.deep.equal([
      ['stage', 1, undefined, 'None', 'Staging', 'bob', 'qa'],
      ['alias', 1, 'champion', 'None', 'v1', 'alice', 'best auc'],
      ['deleted', 3, undefined, 'active', 'deleted', 'alice', undefined],
      ['restored', 3, undefined, 'deleted', 'active', 'alice', undefined],
    ]);
    expect((await k.registry.history({ model: 'churn', kind: 'stage' }, alice)).items).to.have.length(1);
    expect((await k.registry.history({ model: 'churn', version: 3 }, alice)).items).to.have.length(2);
    const first = await k.registry.history({ model: 'churn', maxResults: 3 }, alice);
    expect(first.items.map((r) => r.id)).to.deep.equal(all.slice(0, 3).map((r) => r.id));
    const second = await k.registry.history(
      { model: 'churn', maxResults: 3, pageToken: first.nextPageToken! },
      alice,
    );
    expect(second.items.map((r) => r.id)).to.deep.equal([all[3]!.id]);
    expect(second.nextPageToken).to.equal(undefined);
    const err = await rejectionOf(
      k.registry.history({ model: 'churn', kind: 'stage', pageToken: first.nextPageToken! }, alice),
      'a token of another query',
    );
    expect((err as InvalidArgumentError).details.field).to.equal('pageToken');
    const badKind = await rejectionOf(
      k.registry.history({ model: 'churn', kind: 'moved' as 'stage' }, alice),
      'an unknown kind',
    );
    expect((badKind as Error).message).to.equal('kind "moved" is not one of stage, alias, deleted, restored');
  });
});
