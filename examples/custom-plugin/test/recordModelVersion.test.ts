import { ModelVersionCreated } from '@mlops/plugin-api';
import { createTestKernel } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { memoryBlobStorePlugin } from '../src/index.js';

describe('recordModelVersion (the ModelVersionCreated listener)', () => {
  it('logs each created version with the count seen so far', async () => {
    const kernel = await createTestKernel({ plugins: [memoryBlobStorePlugin()] });
    try {
      kernel.hooks.emit(ModelVersionCreated, {
        ref: { model: 'churn', version: 1 },
        source: 'blob:models/churn/1',
        call: kernel.call,
      });
      kernel.hooks.emit(ModelVersionCreated, {
        ref: { model: 'churn', version: 2 },
        source: 'runs:/r2/model',
        call: kernel.call,
      });
      const lines = kernel.logs
        .filter((line) => line.plugin === 'mlops-plugin-memory-blobstore')
        .map(({ msg, model, version, source, requestId, count, level }) => ({
          level,
          msg,
          model,
          version,
          source,
          requestId,
          count,
        }));
      expect(lines).to.deep.equal([
        {
          level: 30,
          msg: 'model version churn/1 created from blob:models/churn/1',
          model: 'churn',
          version: 1,
          source: 'blob:models/churn/1',
          requestId: 'system',
          count: 1,
        },
        {
          level: 30,
          msg: 'model version churn/2 created from runs:/r2/model',
          model: 'churn',
          version: 2,
          source: 'runs:/r2/model',
          requestId: 'system',
          count: 2,
        },
      ]);
    } finally {
      await kernel.stop();
    }
  });
});
