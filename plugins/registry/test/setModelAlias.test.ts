import {
  BeforeModelTransition,
  ConflictError,
  definePlugin,
  FailedPreconditionError,
  InvalidArgumentError,
  ModelAliasDeleted,
  type ModelAliasPayload,
  ModelAliasSet,
  type ModelTransition,
  NotFoundError,
  pass,
  veto,
} from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';

const alice = userCall('alice');
const churn = (version: number) => ({ model: 'churn', version });

describeOnBackends('aliases', (backend) => {
  let k: RegistryKernel;
  const moves: ModelTransition[] = [];
  const aliasEvents: string[] = [];
  beforeEach(async () => {
    moves.length = 0;
    aliasEvents.length = 0;
    const gate = definePlugin({
      name: 'alias-gate',
      version: '0.1.0',
      apiVersion: '^0.1.0',
      setup(ctx) {
        ctx.hooks.intercept(BeforeModelTransition, (t) => {
          moves.push(t);
          return t.to === '@champion' && t.ref.version === 3 ? veto('v3 failed the shadow test') : pass();
        });
      },
    });
    k = await startRegistry(backend, { after: [gate()] });
    const record = (kind: string) => (p: ModelAliasPayload) =>
      void aliasEvents.push(`${kind} ${p.alias} ${p.previousVersion}->${p.version}`);
    k.kernel.hooks.on(ModelAliasSet, record('set'));
    k.kernel.hooks.on(ModelAliasDeleted, record('deleted'));
    for (let i = 1; i <= 3; i++)
      await k.registry.createVersion({ model: 'churn', source: `s3://b/${i}`, runId: `run${i}` }, alice);
  });
  afterEach(async () => {
    await k.kernel.stop();
  });

  it('sets and moves an alias through the interceptor, with to "@alias" and from "v<N>" or "None"', async () => {
    const v1 = await k.registry.setAlias(churn(1), 'champion', { reason: 'first' }, alice);
    expect(v1.aliases).to.deep.equal(['champion']);
    await k.registry.setAlias(churn(2), 'champion', {}, alice);
    expect(moves.map((t) => [t.ref.version, t.from, t.to, t.runId, t.reason])).to.deep.equal([
      [1, 'None', '@champion', 'run1', 'first'],
      [2, 'v1', '@champion', 'run2', undefined],
    ]);
    expect((await k.registry.getModel('churn', alice)).aliases).to.deep.equal({ champion: 2 });
    const [one, two] = [
      await k.registry.getVersion(churn(1), alice),
      await k.registry.getVersion(churn(2), alice),
    ];
    expect([one.aliases, one.revision, two.aliases, two.revision]).to.deep.equal([[], 3, ['champion'], 2]);
    expect(aliasEvents).to.deep.equal(['set champion null->1', 'set champion 1->2']);
  });

  it('changes nothing when the alias already points at the version', async () => {
    await k.registry.setAlias(churn(1), 'champion', {}, alice);
    const again = await k.registry.setAlias(churn(1), 'champion', {}, alice);
    expect(again.revision).to.equal(2);
    expect(moves).to.have.length(1);
    expect((await k.registry.history({ model: 'churn' }, alice)).items).to.have.length(1);
  });

  it('refuses a vetoed move and keeps the alias where it was', async () => {
    await k.registry.setAlias(churn(2), 'champion', {}, alice);
    const err = await rejectionOf(
      k.registry.setAlias(churn(3), 'champion', {}, alice),
      'a vetoed alias move',
    );
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      'promotion of churn/3 to @champion refused by alias-gate: v3 failed the shadow test',
    );
    expect((err as FailedPreconditionError).details.field).to.equal('alias');
    expect((await k.registry.resolveModelUri('models:/churn@champion', alice)).version).to.equal(2);
    expect(aliasEvents).to.deep.equal(['set champion null->2']);
  });

  it("refuses alias names MLflow refuses: bad characters, 'latest', v<digits>, too long", async () => {
    const cases: [string, string][] = [
      ['', 'alias must be a non-empty string'],
      ['has space', 'alias "has space" may only contain alphanumerics, underscores (_) and dashes (-)'],
      ['LaTeSt', 'alias "LaTeSt" is reserved (latest, in any case)'],
      ['v12', 'alias "v12" is reserved: v<number> names a version'],
      ['V3', 'alias "V3" is reserved: v<number> names a version'],
      ['a'.repeat(256), 'alias is 256 characters long; the limit is 255'],
    ];
    for (const [alias, message] of cases) {
      const err = await rejectionOf(k.registry.setAlias(churn(1), alias, {}, alice), `alias ${alias}`);
      expect(err, alias).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(message);
      expect((err as InvalidArgumentError).details.field).to.equal('alias');
    }
    expect((await k.registry.setAlias(churn(1), 'v1-candidate_2', {}, alice)).aliases).to.deep.equal([
      'v1-candidate_2',
    ]);
  });

  it('refuses a stale expectedRevision, and an alias on a version that is not READY', async () => {
    await k.registry.setVersionTag(churn(1), 'a', 'b', alice);
    const stale = await rejectionOf(
      k.registry.setAlias(churn(1), 'champion', { expectedRevision: 1 }, alice),
      'a stale alias move',
    );
    expect(stale).to.be.instanceOf(ConflictError);
    const pending = await k.registry.createVersion(
      { model: 'churn', source: 's', status: 'PENDING_REGISTRATION' },
      alice,
    );
    const err = await rejectionOf(
      k.registry.setAlias(pending.ref, 'champion', {}, alice),
      'an alias on a pending version',
    );
    expect((err as Error).message).to.equal(
      'model version churn/4 is PENDING_REGISTRATION; only a READY version takes an alias',
    );
  });

  it('deletes an alias, records it, and ignores one that is not set', async () => {
    await k.registry.setAlias(churn(1), 'champion', {}, alice);
    await k.registry.deleteAlias('churn', 'champion', { reason: 'retired' }, alice);
    await k.registry.deleteAlias('churn', 'champion', {}, alice);
    expect((await k.registry.getModel('churn', alice)).aliases).to.deep.equal({});
    const history = await k.registry.history({ model: 'churn', alias: 'champion' }, alice);
    expect(history.items.map((r) => [r.version, r.from, r.to, r.reason])).to.deep.equal([
      [1, 'None', 'v1', undefined],
      [null, 'v1', 'None', 'retired'],
    ]);
    expect(aliasEvents).to.deep.equal(['set champion null->1', 'deleted champion 1->null']);
    const err = await rejectionOf(
      k.registry.resolveModelUri('models:/churn@champion', alice),
      'a deleted alias',
    );
    expect(err).to.be.instanceOf(NotFoundError);
    expect((err as Error).message).to.equal('registered model "churn" has no alias "champion"');
    expect((err as NotFoundError).details.field).to.equal('uri');
  });

  describe('resolveModelUri', () => {
    it('resolves versions, aliases, stages (any case, the highest READY version) and latest', async () => {
      await k.registry.setAlias(churn(2), 'challenger', {}, alice);
      await k.registry.transitionStage(churn(1), 'Production', {}, alice);
      await k.registry.transitionStage(churn(2), 'Production', {}, alice);
      const resolve = async (uri: string) => (await k.registry.resolveModelUri(uri, alice)).version;
      expect(await resolve('models:/churn/1')).to.equal(1);
      expect(await resolve('models:/churn@challenger')).to.equal(2);
      expect(await resolve('models:/churn/Production')).to.equal(2);
      expect(await resolve('models:/churn/production')).to.equal(2);
      expect(await resolve('models:/churn/latest')).to.equal(3);
      await k.registry.deleteVersion(churn(2), alice);
      expect(await resolve('models:/churn/Production')).to.equal(1);
    });

    it('names the uri in every refusal', async () => {
      const expected =
        'expected models:/<name>/<version>, models:/<name>/<stage>, models:/<name>/latest or models:/<name>@<alias>';
      const cases: [string, string][] = [
        ['runs:/abc/model', `uri "runs:/abc/model" is not a model URI: ${expected}`],
        ['models:/churn', `uri "models:/churn" is not a model URI: ${expected}`],
        ['models:/churn/Prod', `uri "models:/churn/Prod" is not a model URI: ${expected}`],
        ['models:/churn@', `uri "models:/churn@" is not a model URI: ${expected}`],
        ['models:/churn/7', 'model version churn/7 does not exist'],
        ['models:/churn/Staging', 'registered model "churn" has no READY version in stage Staging'],
        ['models:/nope/1', 'registered model "nope" does not exist'],
      ];
      for (const [uri, message] of cases) {
        const err = await rejectionOf(k.registry.resolveModelUri(uri, alice), uri);
        expect((err as Error).message, uri).to.equal(message);
        expect((err as InvalidArgumentError).details.field, uri).to.equal('uri');
      }
    });
  });
});
