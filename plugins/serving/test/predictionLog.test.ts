import { BlobStore, definePlugin, PredictionLogged, type PredictionLoggedPayload } from '@mlops/plugin-api';
import { createTestKernel } from '@mlops/plugin-api/testing';
import { registryPlugin } from '@mlops/plugin-registry';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { logisticRegressionModel } from '@mlops/test-models';
import { expect } from 'chai';
import { servingPlugin } from '../src/index.js';
import { eventually, registerOnnxModel, type ServingServer, startServingServer } from './servingServer.js';

const logged: PredictionLoggedPayload[] = [];
const listenerPlugin = definePlugin({
  name: 'test-listener',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  setup(ctx) {
    ctx.hooks.on(PredictionLogged, (p) => {
      logged.push(p);
    });
  },
});

const x = (id: string, a: number) => ({
  id,
  inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 2], data: [a, 1] }],
});

describe('prediction logging', () => {
  let server: ServingServer;
  before(async () => {
    server = await startServingServer({
      options: {
        predictionLog: { enabled: true, batchSize: 3, redact: ['x'], flushIntervalMs: 60_000 } as never,
      },
      after: [listenerPlugin()],
    });
    await registerOnnxModel(server, 'churn', logisticRegressionModel([1, 1], 0));
    await server.serving.createDeployment({ name: 'churn', model: 'churn', version: 1 }, server.call);
  });
  after(async () => server.stop());

  it('writes full batches as JSON Lines with redacted inputs, then emits prediction.logged', async () => {
    for (const [i, id] of ['p1', 'p2', 'p3', 'p4'].entries())
      await server.serving.predict('churn', x(id, i), server.call);
    await eventually(async () => logged.length === 1, 5000, 'prediction.logged');
    const [event] = logged;
    expect(event).to.deep.include({ deployment: 'churn', model: { model: 'churn', version: 1 }, count: 3 });
    expect(event!.blobKey).to.match(/^serving\/predictions\/churn\/\d{4}-\d{2}-\d{2}\/\d+-1\.jsonl$/);
    const stream = await server.kernel.get(BlobStore).get(event!.blobKey);
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((r) => r.id)).to.deep.equal(['p1', 'p2', 'p3']);
    expect(records[0]).to.deep.include({
      deployment: 'churn',
      model: 'churn',
      version: 1,
      principal: 'system',
    });
    expect(records[0].inputs).to.deep.equal([
      { name: 'x', datatype: 'FP32', shape: [1, 2], data: [], redacted: true },
    ]);
    expect(records[1].outputs[0].data[0]).to.be.closeTo(1 / (1 + Math.exp(-2)), 1e-6);
  });

  it('writes what is left at stop', async () => {
    const before = logged.length;
    await server.stop();
    expect(logged.length).to.equal(before + 1);
    expect(logged.at(-1)!.count).to.equal(1);
    server = await startServingServer();
  });
});

describe('prediction sampling', () => {
  it('logs the share of request ids that the sample rate asks for', async () => {
    const server = await startServingServer({
      options: { predictionLog: { enabled: true, sampleRate: 0.25, batchSize: 1000 } as never },
      after: [listenerPlugin()],
    });
    const before = logged.length;
    try {
      await registerOnnxModel(server, 'm', logisticRegressionModel([1, 1], 0));
      await server.serving.createDeployment({ name: 'm', model: 'm', version: 1 }, server.call);
      for (let i = 0; i < 400; i++) await server.serving.predict('m', x(`req-${i}`, i), server.call);
    } finally {
      await server.stop();
    }
    expect(logged.length).to.equal(before + 1);
    const count = logged.at(-1)!.count;
    // A binomial(400, 0.25) count lies within 100 +- 35 with probability > 0.9999.
    expect(count).to.be.within(65, 135);
  });

  it('refuses to start when logging is enabled without a BlobStore', async () => {
    const err = await createTestKernel({
      plugins: [
        storeSqlPlugin({ url: 'sqlite::memory:' }),
        registryPlugin(),
        servingPlugin({ predictionLog: { enabled: true } as never }),
      ],
    }).catch((e: unknown) => e);
    expect((err as Error).message).to.include(
      'predictionLog.enabled needs a BlobStore plugin (storage-fs or storage-s3), and none is configured',
    );
  });
});
