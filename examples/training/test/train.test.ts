import { createClient, type MlopsClient } from '@mlops/client';
import { expect } from 'chai';
import { LogisticRegression, makeDataset, train } from '../src/index.js';
import { startServer } from './startServer.js';

describe('examples/training', () => {
  let server: { url: string; stop(): Promise<void> };
  let client: MlopsClient;
  before(async () => {
    server = await startServer();
    client = createClient({ baseUrl: server.url });
  });
  after(() => server.stop());

  it('learns the synthetic task', () => {
    const data = makeDataset({ seed: 7, size: 400, features: 4 });
    const model = new LogisticRegression(4, 0.5);
    const before = model.loss(data);
    for (let i = 0; i < 50; i += 1) model.step(data);
    expect(before).to.be.closeTo(Math.LN2, 1e-12);
    expect(model.loss(data)).to.be.below(0.3);
    expect(model.accuracy(data)).to.be.above(0.9);
  });

  it('tracks a run: params, per-epoch metrics, the model artifact, a version and the champion alias', async () => {
    const result = await train({ server: server.url, epochs: 30, modelName: 'churn-logreg' });

    const run = await client.runs.get(result.runId);
    expect(run.status).to.equal('FINISHED');
    expect(run.params).to.deep.equal({ learning_rate: '0.5', epochs: '30', seed: '42', features: '4' });

    const loss = await client.runs.history(result.runId, 'train_loss');
    expect(loss.points.map((p) => p.step)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i + 1));
    const values = loss.points.map((p) => p.value);
    for (let i = 1; i < values.length; i += 1) expect(values[i]).to.be.below(values[i - 1] as number);
    const accuracy = await client.runs.history(result.runId, 'val_accuracy');
    expect(accuracy.points.at(-1)?.value).to.equal(result.validationAccuracy);
    expect(result.validationAccuracy).to.be.above(0.85);

    const stream = await client.artifacts.download(result.runId, 'model/model.json');
    const saved = JSON.parse(Buffer.concat(await stream.toArray()).toString('utf8')) as unknown;
    expect(saved).to.deep.equal(result.model);
    expect(result.model.weights).to.have.length(4);

    const champion = await client.models.getAlias('churn-logreg', 'champion');
    expect(champion).to.include({ version: result.modelVersion, run_id: result.runId });
    expect(champion.source).to.equal(`runs:/${result.runId}/model`);
    expect((await client.versions.resolve('models:/churn-logreg@champion')).version).to.equal(1);
  });

  it('a second run reuses the experiment and moves the champion alias to the new version', async () => {
    const first = await client.experiments.getByName('training-example');
    const result = await train({ server: server.url, epochs: 5, seed: 3, modelName: 'churn-logreg' });
    expect(result.experimentId).to.equal(first.experiment_id);
    expect(result.modelVersion).to.equal(2);
    expect((await client.models.get('churn-logreg')).aliases).to.deep.equal({ champion: 2 });
  });
});
