import {
  BeforeModelTransition,
  BlobStore,
  type ModelTransition,
  ModelVersionCreated,
  VetoedError,
} from '@mlops/plugin-api';
import { createTestKernel, rejectionOf, type TestKernel } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { artifactKeyOf, memoryBlobStorePlugin } from '../src/index.js';

const vetoPrefix = 'model.version.beforeTransition vetoed by "mlops-plugin-memory-blobstore": ';

describe('artifactGuard (the BeforeModelTransition interceptor)', () => {
  let kernel: TestKernel;
  beforeEach(async () => {
    kernel = await createTestKernel({ plugins: [memoryBlobStorePlugin()] });
  });
  afterEach(async () => {
    await kernel.stop();
  });

  function created(version: number, source: string): void {
    kernel.hooks.emit(ModelVersionCreated, { ref: { model: 'churn', version }, source, call: kernel.call });
  }
  function transition(version: number, to: string): ModelTransition {
    return { ref: { model: 'churn', version }, from: 'Staging', to, call: kernel.call };
  }

  it('vetoes Production while the blob: artifact is missing, and passes once it is stored', async () => {
    created(1, 'blob:models/churn/1/model.onnx');
    const err = await rejectionOf(kernel.hooks.run(BeforeModelTransition, transition(1, 'Production')));
    expect(err).to.be.instanceOf(VetoedError);
    expect((err as VetoedError).message).to.equal(
      `${vetoPrefix}artifact "models/churn/1/model.onnx" of churn/1 is not in the blob store`,
    );
    expect((err as VetoedError).by).to.equal('mlops-plugin-memory-blobstore');

    await kernel.get(BlobStore).put('models/churn/1/model.onnx', 'onnx bytes');
    const payload = transition(1, 'Production');
    expect(await kernel.hooks.run(BeforeModelTransition, payload)).to.equal(payload);
  });

  it('vetoes Production again when the artifact is deleted', async () => {
    created(1, 'blob:models/churn/1/model.onnx');
    await kernel.get(BlobStore).put('models/churn/1/model.onnx', 'onnx bytes');
    await kernel.get(BlobStore).delete('models/churn/1/model.onnx');
    const err = await rejectionOf(kernel.hooks.run(BeforeModelTransition, transition(1, 'Production')));
    expect((err as Error).message).to.equal(
      `${vetoPrefix}artifact "models/churn/1/model.onnx" of churn/1 is not in the blob store`,
    );
  });

  it('passes transitions to other stages, artifact or not', async () => {
    created(1, 'blob:models/churn/1/model.onnx');
    const payload = transition(1, 'Staging');
    expect(await kernel.hooks.run(BeforeModelTransition, payload)).to.equal(payload);
  });

  it('passes sources of other schemes, which are not this store to check', async () => {
    created(2, 'runs:/r2/model');
    const payload = transition(2, 'Production');
    expect(await kernel.hooks.run(BeforeModelTransition, payload)).to.equal(payload);
  });

  it('vetoes a version whose creation it did not see (fails closed)', async () => {
    const err = await rejectionOf(kernel.hooks.run(BeforeModelTransition, transition(7, 'Production')));
    expect(err).to.be.instanceOf(VetoedError);
    expect((err as Error).message).to.equal(
      `${vetoPrefix}no source is recorded for churn/7: its model.version.created event was not seen`,
    );
  });

  it('vetoes a blob: source that is not a valid key', async () => {
    created(3, 'blob:/etc/passwd');
    const err = await rejectionOf(kernel.hooks.run(BeforeModelTransition, transition(3, 'Production')));
    expect((err as Error).message).to.equal(
      `${vetoPrefix}source "blob:/etc/passwd" of churn/3 does not name a valid blob key`,
    );
  });

  it('maps blob:<key> sources to keys, and nothing else', () => {
    expect(artifactKeyOf('blob:models/churn/1')).to.equal('models/churn/1');
    expect(artifactKeyOf('runs:/r1/model')).to.equal(undefined);
    expect(artifactKeyOf('s3://bucket/blob:x')).to.equal(undefined);
  });
});
