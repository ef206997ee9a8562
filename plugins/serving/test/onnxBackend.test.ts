import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DataLossError,
  FailedPreconditionError,
  InvalidArgumentError,
  type LoadedModel,
  LoggedModels,
  ServingBackend,
} from '@mlops/plugin-api';
import { logisticRegressionModel, mlpModel } from '@mlops/test-models';
import { expect } from 'chai';
import type { LoadedOnnxModel } from '../src/index.js';
import { registerOnnxModel, type ServingServer, sigmoid, startServingServer } from './servingServer.js';

const weights = [0.5, -1.25, 2];
const bias = -0.75;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('onnx backend', () => {
  let server: ServingServer;
  let backend: ServingBackend;
  const loaded: LoadedModel[] = [];

  before(async () => {
    server = await startServingServer();
    backend = server.kernel.getAll(ServingBackend).find((b) => b.name === 'onnx')!;
  });
  afterEach(async () => {
    for (const model of loaded.splice(0)) await model.unload();
  });
  after(async () => server.stop());

  async function load(source: string, model = 'm', version = 1): Promise<LoadedOnnxModel> {
    const result = (await backend.load({
      deployment: 'd',
      environment: 'dev',
      model: { model, version },
      source,
      options: {},
    })) as LoadedOnnxModel;
    loaded.push(result);
    return result;
  }

  it('loads an MLflow model directory, reads the signature, and predicts what the formula gives', async () => {
    const bytes = logisticRegressionModel(weights, bias);
    const version = await registerOnnxModel(server, 'churn', bytes, 'mlflow-dir');
    const model = await load(version.source, 'churn', version.version);
    expect(await model.ready()).to.equal(true);
    expect(model.inputs).to.deep.equal([{ name: 'x', datatype: 'FP32', shape: [-1, 3] }]);
    expect(model.outputs).to.deep.equal([{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }]);
    expect(model.artifactSha256).to.equal(createHash('sha256').update(bytes).digest('hex'));
    const rows = [
      [1, 2, 3],
      [0, 0, 0],
      [-1, 0.5, 0.25],
    ];
    const answer = await model.predict({
      id: 'r1',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [3, 3], data: rows.flat() }],
    });
    expect(answer.id).to.equal('r1');
    expect(answer.modelName).to.equal('churn');
    expect(answer.modelVersion).to.equal(String(version.version));
    const [out] = answer.outputs;
    expect(out!.name).to.equal('probability');
    expect(out!.shape).to.deep.equal([3, 1]);
    const expected = rows.map((r) => sigmoid(r[0]! * 0.5 - r[1]! * 1.25 + r[2]! * 2 + bias));
    for (const [i, value] of out!.data.entries()) expect(value).to.be.closeTo(expected[i]!, 1e-6);
  });

  it('loads a plain .onnx file and an mlflow-artifacts: source, and runs a two-layer MLP', async () => {
    const layers = [
      {
        weights: [
          [1, -1],
          [2, 0.5],
        ],
        bias: [0, -1],
      },
      { weights: [[1], [-2]], bias: [0.5] },
    ];
    const bytes = mlpModel(layers);
    const version = await registerOnnxModel(server, 'mlp', bytes, 'onnx-file');
    const fromFile = await load(version.source);
    const proxied = await server.registry.createVersion(
      { model: 'mlp', source: `${version.artifactUri}/model/model.onnx` },
      server.call,
    );
    expect(proxied.source).to.match(/^mlflow-artifacts:\/1\/[0-9a-f]{32}\/artifacts\/model\/model\.onnx$/);
    const fromProxy = await load(proxied.source);
    // x = [1, 2]: h = relu([1 + 4, -1 + 1 - 1]) = [5, 0]; logits = 5 - 0 + 0.5 = 5.5
    // x = [-1, 1]: h = relu([-1 + 2, 1 + 0.5 - 1]) = [1, 0.5]; logits = 1 - 1 + 0.5 = 0.5
    for (const model of [fromFile, fromProxy]) {
      const answer = await model.predict({
        inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 2], data: [1, 2, -1, 1] }],
      });
      expect(answer.outputs[0]!.data).to.deep.equal([5.5, 0.5]);
    }
  });

  it('loads an MLflow 3 logged model registered as models:/<id>, and by its mlflow-artifacts: URI', async () => {
    const { tracking, call } = server;
    const models = server.kernel.get(LoggedModels);
    const { info } = await tracking.createRun({ experimentId: '0' }, call);
    const logged = await models.createLoggedModel(
      { experimentId: '0', name: 'model', sourceRunId: info.runId },
      call,
    );
    const bytes = logisticRegressionModel(weights, bias);
    await models.logModelArtifact(logged.modelId, 'model.onnx', bytes, call);
    await models.logModelArtifact(
      logged.modelId,
      'MLmodel',
      'flavors:\n  onnx:\n    data: model.onnx\n    onnx_version: 1.16.0\n',
      call,
    );
    await models.finalizeLoggedModel(logged.modelId, 'READY', call);
    const version = await server.registry.createVersion(
      { model: 'logged', source: `models:/${logged.modelId}`, runId: info.runId },
      call,
    );
    expect(version.loggedModelId).to.equal(logged.modelId);
    for (const source of [version.source, `${logged.artifactUri}/model.onnx`]) {
      const model = await load(source, 'logged', version.version);
      expect(model.artifactSha256).to.equal(createHash('sha256').update(bytes).digest('hex'));
      const answer = await model.predict({
        inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }],
      });
      expect(answer.outputs[0]!.data[0]).to.be.closeTo(sigmoid(0.5 - 2.5 + 6 + bias), 1e-6);
    }
    // A URI naming the model under another experiment's path is refused.
    const elsewhere = `mlflow-artifacts:/7/models/${logged.modelId}/artifacts/model.onnx`;
    const err = await load(elsewhere).catch((e: unknown) => e);
    expect((err as Error).message).to.equal(
      `model source "${elsewhere}" is not inside logged model ${logged.modelId}'s artifacts, which are at ${logged.artifactUri}`,
    );
  });

  it('refuses an MLflow model without an onnx flavour, naming the flavours it has', async () => {
    const { tracking, call } = server;
    const { info } = await tracking.createRun({ experimentId: '0' }, call);
    await tracking.logArtifact(
      info.runId,
      'model/MLmodel',
      'flavors:\n  sklearn:\n    pickled_model: model.pkl\n  python_function:\n    loader_module: mlflow.sklearn\n',
      call,
    );
    const err = await load(`runs:/${info.runId}/model`).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      `model source "runs:/${info.runId}/model" has no onnx flavour (its MLmodel lists: sklearn, python_function)`,
    );
  });

  it('refuses a source outside run artifacts, and bytes that are no ONNX model', async () => {
    const err = await load('s3://bucket/model.onnx').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).details.field).to.equal('source');
    expect((err as Error).message).to.equal(
      'model source "s3://bucket/model.onnx" is not servable: expected runs:/<run id>/<path>, models:/<logged model id>, or an mlflow-artifacts: URI of a run\'s or a logged model\'s artifacts',
    );
    const { tracking, call } = server;
    const { info } = await tracking.createRun({ experimentId: '0' }, call);
    await tracking.logArtifact(info.runId, 'model.onnx', 'not a model', call);
    const bad = await load(`runs:/${info.runId}/model.onnx`).catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect((bad as Error).message).to.match(/^onnxruntime cannot load the model: /);
  });

  it('fails with DataLossError when the stored file no longer matches its sha256', async () => {
    const bytes = logisticRegressionModel([1, 1, 1], 0);
    const version = await registerOnnxModel(server, 'corrupt', bytes, 'onnx-file');
    const head = Buffer.from(bytes.subarray(0, 48));
    let corrupted = false;
    for (const file of await filesUnder(join(server.blobRoot, 'objects'))) {
      const content = await readFile(file);
      if (content.subarray(0, head.length).equals(head)) {
        content[bytes.length - 5] = content[bytes.length - 5]! ^ 0xff;
        await writeFile(file, content);
        corrupted = true;
      }
    }
    expect(corrupted).to.equal(true);
    const err = await load(version.source).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(DataLossError);
    expect((err as Error).message).to.match(
      /is corrupt: its bytes hash to [0-9a-f]{64}, but [0-9a-f]{64} was recorded/,
    );
  });

  it('checks tensors against the signature, naming the input', async () => {
    const version = await registerOnnxModel(server, 'checks', logisticRegressionModel(weights, bias));
    const model = await load(version.source);
    const cases: [unknown, string][] = [
      [
        { inputs: [{ name: 'x', datatype: 'FP64', shape: [1, 3], data: [1, 2, 3] }] },
        'input "x" has datatype FP64, but the model takes FP32',
      ],
      [
        { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }] },
        'input "x" has shape [1, 4], but the model takes [-1, 3]',
      ],
      [
        { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 3], data: [1, 2, 3] }] },
        'input "x" has 3 values, but shape [2, 3] holds 6',
      ],
      [
        { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [1, 'a', 3] }] },
        'input "x" value "a" at index 1 is not a finite number',
      ],
      [
        { inputs: [{ name: 'y', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] },
        'input "y" is not an input of the model (its inputs: x)',
      ],
      [
        { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }], outputs: ['p'] },
        'output "p" is not an output of the model (its outputs: probability)',
      ],
    ];
    for (const [request, message] of cases) {
      const err = await model.predict(request as never).catch((e: unknown) => e);
      expect(err, message).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.equal(message);
    }
  });
});
