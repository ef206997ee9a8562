import { expect } from 'chai';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidArgumentError,
  type ModelVersion,
  NotFoundError,
  type RegisteredModel,
} from '../src/index.js';
import { type Platform, rejectionOf, startPlatform } from './startPlatform.js';

describe('client.models and client.versions', () => {
  let platform: Platform;
  let runId: string;
  before(async () => {
    platform = await startPlatform();
    const exp = await platform.client.experiments.create({ name: 'registry' });
    runId = (await platform.client.runs.create({ experiment_id: exp.experiment_id })).run_id;
  });
  after(() => platform.stop());

  it('creates, gets, updates, tags, renames, deletes and restores a model', async () => {
    const { models } = platform.client;
    const created = await models.create({ name: 'churn', description: 'first', tags: { team: 'ml' } });
    expect(created).to.include({ name: 'churn', description: 'first', lifecycle_stage: 'active' });
    expect(created.tags).to.deep.equal({ team: 'ml' });
    expect((await models.update('churn', { description: 'second' })).description).to.equal('second');
    await models.setTag('churn', 'a/b', 'c');
    expect((await models.get('churn')).tags).to.deep.equal({ team: 'ml', 'a/b': 'c' });
    await models.deleteTag('churn', 'a/b');
    const renamed = await models.rename('churn', 'churn-2');
    expect(renamed.name).to.equal('churn-2');
    await models.delete('churn-2');
    const deleted = await rejectionOf(models.get('churn-2'));
    expect(deleted).to.be.instanceOf(NotFoundError);
    expect(deleted.message).to.equal('registered model "churn-2" is deleted');
    expect((await models.restore('churn-2')).lifecycle_stage).to.equal('active');
  });

  it('lists models by page and across pages', async () => {
    const { models } = platform.client;
    for (const n of [1, 2, 3]) await models.create({ name: `listed-${n}` });
    const query = { filter: "name LIKE 'listed-%'", order_by: ['name ASC'], max_results: 2 };
    const first = await models.list(query);
    expect(first.models.map((m) => m.name)).to.deep.equal(['listed-1', 'listed-2']);
    const all: RegisteredModel[] = [];
    for await (const m of models.listAll(query)) all.push(m);
    expect(all.map((m) => m.name)).to.deep.equal(['listed-1', 'listed-2', 'listed-3']);
    let pages = 0;
    for await (const _ of models.listPages(query)) pages += 1;
    expect(pages).to.equal(2);
  });

  it('registers versions, updates them conditionally, transitions, aliases and resolves them', async () => {
    const { models, versions } = platform.client;
    const v1 = await versions.create('fraud', {
      source: `runs:/${runId}/model`,
      run_id: runId,
      tags: { k: 'v' },
    });
    expect(v1).to.include({ name: 'fraud', version: 1, stage: 'None', status: 'READY', run_id: runId });
    const v2 = await versions.create('fraud', { source: `runs:/${runId}/model` });
    expect(v2.version).to.equal(2);
    expect(await versions.get('fraud', 1)).to.deep.equal(v1);

    const described = await versions.update(
      'fraud',
      1,
      { description: 'baseline' },
      { ifMatch: v1.revision },
    );
    expect(described.description).to.equal('baseline');
    const stale = await rejectionOf(
      versions.update('fraud', 1, { description: 'late' }, { ifMatch: v1.revision }),
    );
    expect(stale).to.be.instanceOf(ConflictError);
    expect(stale.message).to.equal(
      `model version fraud/1 is at revision ${described.revision}, not ${v1.revision}`,
    );
    expect((stale as ConflictError).details).to.include({ field: 'If-Match', revision: described.revision });
    expect((await versions.get('fraud', 1)).description).to.equal('baseline');

    const tagged = await versions.setTag('fraud', 1, 'owner', 'ana');
    expect(tagged.tags).to.deep.equal({ k: 'v', owner: 'ana' });
    await versions.deleteTag('fraud', 1, 'owner');

    const staged = await versions.transition('fraud', 2, { stage: 'Staging', reason: 'tests pass' });
    expect(staged.stage).to.equal('Staging');

    const champion = await models.setAlias('fraud', 'champion', 2, { reason: 'better auc' });
    expect(champion.aliases).to.deep.equal(['champion']);
    expect((await models.getAlias('fraud', 'champion')).version).to.equal(2);
    expect((await versions.resolve('models:/fraud@champion')).version).to.equal(2);
    expect((await versions.resolve('models:/fraud/1')).version).to.equal(1);
    expect((await models.get('fraud')).aliases).to.deep.equal({ champion: 2 });

    const history = await models.history('fraud');
    expect(history.records.map((r) => [r.kind, r.to])).to.deep.equal([
      ['stage', 'Staging'],
      ['alias', 'v2'],
    ]);

    await models.deleteAlias('fraud', 'champion', { reason: 'retired' });
    const gone = await rejectionOf(models.getAlias('fraud', 'champion'));
    expect(gone).to.be.instanceOf(NotFoundError);
    expect(gone.message).to.equal('registered model "fraud" has no alias "champion"');

    const all: ModelVersion[] = [];
    for await (const v of versions.listAll('fraud', { max_results: 1 })) all.push(v);
    expect(all.map((v) => v.version).sort()).to.deep.equal([1, 2]);
    expect(
      (await versions.list('fraud', { filter: "tags.k = 'v'" })).versions.map((v) => v.version),
    ).to.deep.equal([1]);

    const card = await versions.card('fraud', 1);
    expect(card).to.be.a('string');
    expect(card).to.contain('fraud');
    const lineage = await versions.lineage('fraud', 1);
    expect(lineage).to.include({ name: 'fraud', version: 1, run_id: runId });

    await versions.delete('fraud', 1);
    expect((await rejectionOf(versions.get('fraud', 1))).message).to.equal(
      'model version fraud/1 is deleted',
    );
    expect((await versions.restore('fraud', 1)).lifecycle_stage).to.equal('active');
  });

  it('maps registry error answers', async () => {
    const { models, versions } = platform.client;
    const noModel = await rejectionOf(models.get('nope'));
    expect(noModel).to.be.instanceOf(NotFoundError);
    expect(noModel.message).to.equal('registered model "nope" does not exist');
    expect((noModel as NotFoundError).details.field).to.equal('name');

    await models.create({ name: 'taken' });
    const taken = await rejectionOf(models.create({ name: 'taken' }));
    expect(taken).to.be.instanceOf(AlreadyExistsError);
    expect(taken.message).to.equal('registered model "taken" already exists');

    const noVersion = await rejectionOf(versions.get('taken', 3));
    expect(noVersion).to.be.instanceOf(NotFoundError);
    expect(noVersion.message).to.equal('model version taken/3 does not exist');
    expect((noVersion as NotFoundError).details.field).to.equal('version');

    await versions.create('taken', { source: `runs:/${runId}/model` });
    const badStage = await rejectionOf(versions.transition('taken', 1, { stage: 'Bogus' }));
    expect(badStage).to.be.instanceOf(InvalidArgumentError);
    expect(badStage.message).to.equal('stage "Bogus" is not one of None, Staging, Production, Archived');

    const noAlias = await rejectionOf(versions.resolve('models:/taken@champion'));
    expect(noAlias).to.be.instanceOf(NotFoundError);
    expect((noAlias as NotFoundError).details.field).to.equal('uri');
    expect(await rejectionOf(versions.card('taken', 9))).to.be.instanceOf(NotFoundError);
  });
});
