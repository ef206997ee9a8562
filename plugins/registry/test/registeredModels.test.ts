import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  ModelRegistered,
  ModelRenamed,
  NotFoundError,
  type RegisteredModelPayload,
} from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';

const alice = userCall('alice');

describeOnBackends('registered models', (backend) => {
  let k: RegistryKernel;
  beforeEach(async () => {
    k = await startRegistry(backend);
  });
  afterEach(async () => {
    await k.kernel.stop();
  });

  it('creates a model with description and tags, emits model.registered, and gets it back', async () => {
    const seen: RegisteredModelPayload[] = [];
    k.kernel.hooks.on(ModelRegistered, (p) => void seen.push(p));
    const created = await k.registry.createModel(
      { name: 'churn', description: 'predicts churn', tags: { team: 'risk' } },
      alice,
    );
    expect(created).to.include({
      name: 'churn',
      description: 'predicts churn',
      userId: 'alice',
      lifecycleStage: 'active',
    });
    expect(created.tags).to.deep.equal({ team: 'risk' });
    expect(created.aliases).to.deep.equal({});
    expect(created.latestVersions).to.deep.equal([]);
    expect(created.creationTime).to.equal(created.lastUpdatedTime);
    expect(seen.map((p) => p.name)).to.deep.equal(['churn']);
    expect(await k.registry.getModel('churn', alice)).to.deep.equal(created);
  });

  it('refuses a taken name, naming the field', async () => {
    await k.registry.createModel({ name: 'churn' }, alice);
    const err = await rejectionOf(k.registry.createModel({ name: 'churn' }, alice), 'a second create');
    expect(err).to.be.instanceOf(AlreadyExistsError);
    expect((err as AlreadyExistsError).message).to.equal('registered model "churn" already exists');
    expect((err as AlreadyExistsError).details.field).to.equal('name');
  });

  it('refuses bad names, descriptions and tags, naming each field', async () => {
    const cases: [Promise<unknown>, string, string][] = [
      [k.registry.createModel({ name: '' }, alice), 'name must be a non-empty string', 'name'],
      [
        k.registry.createModel({ name: 'a/b' }, alice),
        'name "a/b" must not contain "/", "@" or control characters',
        'name',
      ],
      [
        k.registry.createModel({ name: 'x'.repeat(257) }, alice),
        `name "${'x'.repeat(40)}..." is 257 characters long; the limit is 256`,
        'name',
      ],
      [
        k.registry.createModel({ name: 'm', description: 'd'.repeat(5001) }, alice),
        'description is 5001 characters long; the limit is 5000',
        'description',
      ],
      [
        k.registry.createModel({ name: 'm', tags: { 'bad*key': 'v' } }, alice),
        'tags["bad*key"].key "bad*key" may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)',
        'tags["bad*key"].key',
      ],
      [
        k.registry.createModel({ name: 'm', tags: { a: 'v'.repeat(5001) } }, alice),
        'tags["a"].value of tag "a" is 5001 characters long; the limit is 5000',
        'tags["a"].value',
      ],
    ];
    for (const [promise, message, field] of cases) {
      const err = await rejectionOf(promise, message);
      expect(err, message).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(message);
      expect((err as InvalidArgumentError).details.field).to.equal(field);
    }
    expect((await k.registry.searchModels({}, alice)).items).to.deep.equal([]);
  });

  it('says which model does not exist', async () => {
    const err = await rejectionOf(k.registry.getModel('nope', alice), 'get of a missing model');
    expect(err).to.be.instanceOf(NotFoundError);
    expect((err as Error).message).to.equal('registered model "nope" does not exist');
  });

  it('renames a model; its versions, aliases and stages follow', async () => {
    const renamed: string[] = [];
    k.kernel.hooks.on(ModelRenamed, (p) => void renamed.push(`${p.from}->${p.to}`));
    await k.registry.createVersion({ model: 'churn', source: 's3://b/1' }, alice);
    await k.registry.setAlias({ model: 'churn', version: 1 }, 'champion', {}, alice);
    await k.registry.transitionStage({ model: 'churn', version: 1 }, 'Staging', {}, alice);
    const model = await k.registry.renameModel('churn', 'churn-v2', alice);
    expect(model.name).to.equal('churn-v2');
    expect(model.aliases).to.deep.equal({ champion: 1 });
    expect(model.latestVersions.map((v) => [v.model, v.version, v.stage])).to.deep.equal([
      ['churn-v2', 1, 'Staging'],
    ]);
    expect((await k.registry.getVersion({ model: 'churn-v2', version: 1 }, alice)).source).to.equal(
      's3://b/1',
    );
    expect((await k.registry.resolveModelUri('models:/churn-v2@champion', alice)).version).to.equal(1);
    const gone = await rejectionOf(k.registry.getModel('churn', alice), 'get under the old name');
    expect((gone as Error).message).to.equal('registered model "churn" does not exist');
    expect(renamed).to.deep.equal(['churn->churn-v2']);
  });

  it('refuses to rename onto a taken name, naming newName, and keeps both models', async () => {
    await k.registry.createModel({ name: 'a' }, alice);
    await k.registry.createModel({ name: 'b' }, alice);
    const err = await rejectionOf(k.registry.renameModel('a', 'b', alice), 'rename onto b');
    expect(err).to.be.instanceOf(AlreadyExistsError);
    expect((err as Error).message).to.equal('registered model "b" already exists');
    expect((err as AlreadyExistsError).details.field).to.equal('newName');
    const bad = await rejectionOf(k.registry.renameModel('a', '', alice), 'rename to empty');
    expect((bad as InvalidArgumentError).details.field).to.equal('newName');
    expect((await k.registry.searchModels({}, alice)).items.map((m) => m.name)).to.deep.equal(['a', 'b']);
  });

  it('updates the description and the last update time', async () => {
    const created = await k.registry.createModel({ name: 'churn' }, alice);
    await new Promise((r) => setTimeout(r, 5));
    const updated = await k.registry.updateModel('churn', { description: 'v2 of the model' }, alice);
    expect(updated.description).to.equal('v2 of the model');
    expect(updated.lastUpdatedTime).to.be.greaterThan(created.lastUpdatedTime);
    const err = await rejectionOf(
      k.registry.updateModel('churn', { description: 3 as unknown as string }, alice),
      'a numeric description',
    );
    expect((err as Error).message).to.equal('description must be a string');
  });

  it('sets, replaces and deletes tags; deleting an unset tag is no error', async () => {
    await k.registry.createModel({ name: 'churn', tags: { team: 'risk' } }, alice);
    await k.registry.setModelTag('churn', 'team', 'growth', alice);
    await k.registry.setModelTag('churn', 'owner', 'alice', alice);
    expect((await k.registry.getModel('churn', alice)).tags).to.deep.equal({
      team: 'growth',
      owner: 'alice',
    });
    await k.registry.deleteModelTag('churn', 'team', alice);
    await k.registry.deleteModelTag('churn', 'never-set', alice);
    expect((await k.registry.getModel('churn', alice)).tags).to.deep.equal({ owner: 'alice' });
    const err = await rejectionOf(k.registry.setModelTag('churn', '../x', 'v', alice), 'a path-like key');
    expect((err as Error).message).to.equal('key "../x" is not a normalised path');
    expect((err as InvalidArgumentError).details.field).to.equal('key');
  });

  it('soft-deletes a model: hidden from get and search, its name kept until purge, and restorable', async () => {
    await k.registry.createVersion({ model: 'churn', source: 's3://b/1' }, alice);
    await k.registry.deleteModel('churn', alice);
    const err = await rejectionOf(k.registry.getModel('churn', alice), 'get of a deleted model');
    expect(err).to.be.instanceOf(NotFoundError);
    expect((err as Error).message).to.equal('registered model "churn" is deleted');
    expect((await k.registry.searchModels({}, alice)).items).to.deep.equal([]);
    expect((await k.registry.searchVersions({}, alice)).items).to.deep.equal([]);
    const deleted = await k.registry.searchModels({ viewType: 'DELETED_ONLY' }, alice);
    expect(deleted.items.map((m) => [m.name, m.lifecycleStage])).to.deep.equal([['churn', 'deleted']]);
    expect(deleted.items[0]!.deletedTime).to.be.a('number');

    const taken = await rejectionOf(
      k.registry.createModel({ name: 'churn' }, alice),
      'reuse of a deleted name',
    );
    expect((taken as Error).message).to.equal(
      'registered model "churn" already exists (it is deleted: restore it, or purge it to reuse the name)',
    );
    const noVersion = await rejectionOf(
      k.registry.createVersion({ model: 'churn', source: 's3://b/2' }, alice),
      'a version of a deleted model',
    );
    expect((noVersion as Error).message).to.equal('registered model "churn" is deleted');
    expect((noVersion as NotFoundError).details.field).to.equal('model');

    const restored = await k.registry.restoreModel('churn', alice);
    expect(restored.lifecycleStage).to.equal('active');
    expect(restored.latestVersions.map((v) => v.version)).to.deep.equal([1]);
    const again = await rejectionOf(k.registry.restoreModel('churn', alice), 'restore of an active model');
    expect(again).to.be.instanceOf(FailedPreconditionError);
    expect((again as Error).message).to.equal('registered model "churn" is not deleted');
  });
});
