import {
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  ModelRegistered,
  ModelVersionCreated,
  type ModelVersionCreatedPayload,
  NotFoundError,
} from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { describeOnBackends, type RegistryKernel, startRegistry, userCall } from './registryKernel.js';

const alice = userCall('alice');
const churn = (version: number) => ({ model: 'churn', version });

describeOnBackends('model versions', (backend) => {
  let k: RegistryKernel;
  beforeEach(async () => {
    k = await startRegistry(backend, { options: { retentionDays: 0 } });
  });
  afterEach(async () => {
    await k.kernel.stop();
  });

  it('registers versions 1, 2, 3, creating the model on first use, and emits model.version.created', async () => {
    const registered: string[] = [];
    const created: ModelVersionCreatedPayload[] = [];
    k.kernel.hooks.on(ModelRegistered, (p) => void registered.push(p.name));
    k.kernel.hooks.on(ModelVersionCreated, (p) => void created.push(p));
    const v1 = await k.registry.createVersion(
      { model: 'churn', source: 'runs:/0a1b2c/model', description: 'first', tags: { framework: 'onnx' } },
      alice,
    );
    expect(v1).to.include({
      model: 'churn',
      version: 1,
      stage: 'None',
      status: 'READY',
      description: 'first',
      source: 'runs:/0a1b2c/model',
      runId: '0a1b2c',
      userId: 'alice',
      lifecycleStage: 'active',
      revision: 1,
    });
    expect(v1.ref).to.deep.equal(churn(1));
    expect(v1.tags).to.deep.equal({ framework: 'onnx' });
    expect(v1.aliases).to.deep.equal([]);
    expect(v1.artifactPrefix).to.match(/^registry\/[0-9a-f-]{36}\/1\/$/);
    const v2 = await k.registry.createVersion(
      { model: 'churn', source: 's3://bucket/m2', runId: 'run-2' },
      alice,
    );
    const v3 = await k.registry.createVersion({ model: 'churn', source: 's3://bucket/m3' }, alice);
    expect([v2.version, v2.runId, v3.version, v3.runId]).to.deep.equal([2, 'run-2', 3, undefined]);
    expect(registered).to.deep.equal(['churn']);
    expect(created.map((p) => [p.ref.version, p.source, p.runId])).to.deep.equal([
      [1, 'runs:/0a1b2c/model', '0a1b2c'],
      [2, 's3://bucket/m2', 'run-2'],
      [3, 's3://bucket/m3', undefined],
    ]);
    expect(await k.registry.getVersion(churn(2), alice)).to.deep.equal(v2);
  });

  it('gives concurrent registrations distinct, consecutive numbers', async () => {
    const versions = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        k.registry.createVersion({ model: 'churn', source: `s3://b/${i}` }, alice),
      ),
    );
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('never reuses a number, even after the highest version is deleted and purged', async () => {
    await k.registry.createVersion({ model: 'churn', source: 's3://b/1' }, alice);
    await k.registry.createVersion({ model: 'churn', source: 's3://b/2' }, alice);
    await k.registry.deleteVersion(churn(2), alice);
    expect((await k.registry.createVersion({ model: 'churn', source: 's3://b/3' }, alice)).version).to.equal(
      3,
    );
    await k.registry.deleteVersion(churn(3), alice);
    const report = await k.registry.purge({}, alice);
    expect(report.versions).to.deep.equal([churn(2), churn(3)]);
    expect((await k.registry.createVersion({ model: 'churn', source: 's3://b/4' }, alice)).version).to.equal(
      4,
    );
  });

  it('refuses bad input, naming each field, and creates nothing', async () => {
    const cases: [Promise<unknown>, string, string][] = [
      [
        k.registry.createVersion({ model: '', source: 's' }, alice),
        'model must be a non-empty string',
        'model',
      ],
      [
        k.registry.createVersion({ model: 'churn', source: '' }, alice),
        'source must be a non-empty string (the URI of the model files)',
        'source',
      ],
      [
        k.registry.createVersion({ model: 'churn', source: `s3://${'x'.repeat(500)}` }, alice),
        'source is 505 characters long; the limit is 500',
        'source',
      ],
      [
        k.registry.createVersion({ model: 'churn', source: 's', runId: 'no spaces' }, alice),
        'runId "no spaces" is not a run id (an alphanumeric, then up to 255 alphanumerics, _ or -)',
        'runId',
      ],
      [
        k.registry.createVersion(
          { model: 'churn', source: 's', status: 'FAILED_REGISTRATION' as unknown as 'READY' },
          alice,
        ),
        'status of a new version must be READY or PENDING_REGISTRATION, got "FAILED_REGISTRATION"',
        'status',
      ],
      [
        k.registry.createVersion({ model: 'churn', source: 's', tags: { '': 'v' } }, alice),
        'tags[""].key must be a non-empty string',
        'tags[""].key',
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

  it('says which version does not exist, and refuses a non-integer version', async () => {
    await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    const missing = await rejectionOf(k.registry.getVersion(churn(9), alice), 'get of version 9');
    expect(missing).to.be.instanceOf(NotFoundError);
    expect((missing as Error).message).to.equal('model version churn/9 does not exist');
    expect((missing as NotFoundError).details.field).to.equal('version');
    const bad = await rejectionOf(k.registry.getVersion(churn(1.5), alice), 'get of version 1.5');
    expect((bad as Error).message).to.equal('version must be a positive integer, got 1.5');
  });

  it('updates the description, advancing the revision, and refuses a stale expectedRevision', async () => {
    const v1 = await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    const updated = await k.registry.updateVersion(
      churn(1),
      { description: 'tuned', expectedRevision: 1 },
      alice,
    );
    expect([updated.description, updated.revision]).to.deep.equal(['tuned', 2]);
    expect(updated.lastUpdatedTime).to.be.at.least(v1.lastUpdatedTime);
    const err = await rejectionOf(
      k.registry.updateVersion(churn(1), { description: 'late', expectedRevision: 1 }, alice),
      'an update at revision 1',
    );
    expect(err).to.be.instanceOf(ConflictError);
    expect((err as Error).message).to.equal('model version churn/1 is at revision 2, not 1');
    expect((err as ConflictError).details.field).to.equal('expectedRevision');
    expect((await k.registry.getVersion(churn(1), alice)).description).to.equal('tuned');
    const empty = await rejectionOf(k.registry.updateVersion(churn(1), {}, alice), 'an empty update');
    expect((empty as Error).message).to.equal('update must set description, status or statusMessage');
  });

  it('finishes a pending registration, and refuses status changes of a READY version', async () => {
    const pending = await k.registry.createVersion(
      { model: 'churn', source: 's', status: 'PENDING_REGISTRATION' },
      alice,
    );
    expect(pending.status).to.equal('PENDING_REGISTRATION');
    const notReady = await rejectionOf(
      k.registry.transitionStage(churn(1), 'Staging', {}, alice),
      'a transition while pending',
    );
    expect(notReady).to.be.instanceOf(FailedPreconditionError);
    expect((notReady as Error).message).to.equal(
      'model version churn/1 is PENDING_REGISTRATION; only a READY version changes stage',
    );
    const failed = await k.registry.updateVersion(
      churn(1),
      { status: 'FAILED_REGISTRATION', statusMessage: 'copy failed' },
      alice,
    );
    expect([failed.status, failed.statusMessage]).to.deep.equal(['FAILED_REGISTRATION', 'copy failed']);
    const err = await rejectionOf(
      k.registry.updateVersion(churn(1), { status: 'READY' }, alice),
      'a second status change',
    );
    expect((err as Error).message).to.equal(
      'model version churn/1 is FAILED_REGISTRATION; only a PENDING_REGISTRATION version changes status',
    );
    const ready = await k.registry.createVersion(
      { model: 'churn', source: 's', status: 'PENDING_REGISTRATION' },
      alice,
    );
    expect((await k.registry.updateVersion(ready.ref, { status: 'READY' }, alice)).status).to.equal('READY');
  });

  it('sets and deletes version tags, each change advancing the revision', async () => {
    await k.registry.createVersion({ model: 'churn', source: 's', tags: { a: '1' } }, alice);
    const tagged = await k.registry.setVersionTag(churn(1), 'validated', 'yes', alice);
    expect([tagged.tags, tagged.revision]).to.deep.equal([{ a: '1', validated: 'yes' }, 2]);
    const untagged = await k.registry.deleteVersionTag(churn(1), 'a', alice);
    expect([untagged.tags, untagged.revision]).to.deep.equal([{ validated: 'yes' }, 3]);
    const unchanged = await k.registry.deleteVersionTag(churn(1), 'never-set', alice);
    expect(unchanged.revision).to.equal(3);
  });

  it('soft-deletes a version, removing its aliases, and restores it in its stage', async () => {
    await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    await k.registry.transitionStage(churn(1), 'Staging', {}, alice);
    await k.registry.setAlias(churn(1), 'champion', {}, alice);
    await k.registry.deleteVersion(churn(1), alice);
    const err = await rejectionOf(k.registry.getVersion(churn(1), alice), 'get of a deleted version');
    expect((err as Error).message).to.equal('model version churn/1 is deleted');
    expect((await k.registry.getModel('churn', alice)).aliases).to.deep.equal({});
    expect((await k.registry.getModel('churn', alice)).latestVersions).to.deep.equal([]);
    const deleted = await k.registry.searchVersions({ viewType: 'DELETED_ONLY' }, alice);
    expect(deleted.items.map((v) => [v.version, v.lifecycleStage])).to.deep.equal([[1, 'deleted']]);
    const restored = await k.registry.restoreVersion(churn(1), alice);
    expect([restored.stage, restored.aliases, restored.lifecycleStage]).to.deep.equal([
      'Staging',
      [],
      'active',
    ]);
    const again = await rejectionOf(
      k.registry.restoreVersion(churn(1), alice),
      'restore of an active version',
    );
    expect((again as Error).message).to.equal('model version churn/1 is not deleted');
  });

  it('refuses a stale expectedRevision on delete, and deletes nothing', async () => {
    await k.registry.createVersion({ model: 'churn', source: 's' }, alice);
    await k.registry.setVersionTag(churn(1), 'a', 'b', alice);
    const err = await rejectionOf(
      k.registry.deleteVersion(churn(1), alice, { expectedRevision: 1 }),
      'a stale delete',
    );
    expect(err).to.be.instanceOf(ConflictError);
    expect((await k.registry.getVersion(churn(1), alice)).lifecycleStage).to.equal('active');
  });
});
