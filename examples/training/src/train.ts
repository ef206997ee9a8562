import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, isMlopsError, type MlopsClient } from '@mlops/client';
import { LogisticRegression, type LogisticRegressionWeights } from './LogisticRegression.js';
import { makeDataset } from './makeDataset.js';

/** Options of {@link train}. */
export interface TrainOptions {
  /** The server's URL (default `MLOPS_SERVER`, else `http://127.0.0.1:5000`); ignored with `client`. */
  readonly server?: string;
  readonly client?: MlopsClient;
  readonly experimentName?: string;
  readonly modelName?: string;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly seed?: number;
}

/** What a training run produced, and where the server keeps it. */
export interface TrainResult {
  readonly experimentId: string;
  readonly runId: string;
  /** The registered version, which the `champion` alias now points to. */
  readonly modelVersion: number;
  readonly validationAccuracy: number;
  readonly validationLoss: number;
  readonly model: LogisticRegressionWeights;
}

async function experimentId(client: MlopsClient, name: string): Promise<string> {
  try {
    return (await client.experiments.getByName(name)).experiment_id;
  } catch (err) {
    if (!isMlopsError(err, 'NotFound')) throw err;
    return (await client.experiments.create({ name })).experiment_id;
  }
}

/**
 * Trains a logistic regression on a synthetic dataset and tracks it: an experiment and a run,
 * its params, per-epoch metrics through the background logger, the weights as the artifact
 * `model/model.json`, a registered model version and the `champion` alias on it.
 */
export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const client =
    options.client ??
    createClient({ baseUrl: options.server ?? process.env.MLOPS_SERVER ?? 'http://127.0.0.1:5000' });
  const epochs = options.epochs ?? 50;
  const learningRate = options.learningRate ?? 0.5;
  const seed = options.seed ?? 42;
  const features = 4;
  const data = makeDataset({ seed, size: 600, features });
  const trainSet = data.slice(0, 480);
  const validationSet = data.slice(480);

  const expId = await experimentId(client, options.experimentName ?? 'training-example');
  const run = await client.runs.create({ experiment_id: expId, run_name: `logreg-seed-${seed}` });
  const runId = run.run_id;
  await client.runs.logBatch(runId, {
    params: [
      { key: 'learning_rate', value: String(learningRate) },
      { key: 'epochs', value: String(epochs) },
      { key: 'seed', value: String(seed) },
      { key: 'features', value: String(features) },
    ],
    tags: [{ key: 'model.kind', value: 'logistic-regression' }],
  });

  const model = new LogisticRegression(features, learningRate);
  const logger = client.runs.logger(runId, { flushIntervalMs: 200 });
  for (let epoch = 1; epoch <= epochs; epoch += 1) {
    model.step(trainSet);
    logger.log('train_loss', model.loss(trainSet), epoch);
    logger.log('val_loss', model.loss(validationSet), epoch);
    logger.log('val_accuracy', model.accuracy(validationSet), epoch);
  }
  await logger.close();

  const weights = model.toJSON();
  const dir = await mkdtemp(join(tmpdir(), 'mlops-training-'));
  try {
    const file = join(dir, 'model.json');
    await writeFile(file, JSON.stringify(weights));
    await client.artifacts.upload(runId, 'model/model.json', file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await client.runs.end(runId);

  const modelName = options.modelName ?? 'training-example-logreg';
  const version = await client.versions.create(modelName, {
    source: `runs:/${runId}/model`,
    run_id: runId,
    description: `logistic regression, ${epochs} epochs`,
  });
  await client.models.setAlias(modelName, 'champion', version.version, { reason: 'latest training run' });
  return {
    experimentId: expId,
    runId,
    modelVersion: version.version,
    validationAccuracy: model.accuracy(validationSet),
    validationLoss: model.loss(validationSet),
    model: weights,
  };
}
