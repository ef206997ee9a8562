import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type BackendLoadSpec,
  FailedPreconditionError,
  InvalidArgumentError,
  type LoadedModel,
  ServingBackend,
  UnauthenticatedError,
  UnavailableError,
} from '@mlops/plugin-api';
import { createTestKernel, rejectionOf, type TestKernel } from '@mlops/plugin-api/testing';
import {
  type BentoServer,
  type BentoServerOptions,
  startBentoCloud,
  startBentoServer,
} from '@mlops/test-servers';
import { expect } from 'chai';
import { BentoBackend, servingBentomlPlugin } from '../src/index.js';
import { onnxMlModel, writeFakeBentoml, writeModelDir } from './modelFixtures.js';

/** A logistic-regression-like API: probability = sigmoid(2a - b), computed by hand below. */
const service: BentoServerOptions = {
  serviceName: 'ChurnModel',
  apis: {
    predict: {
      params: { input: { dtype: 'float32', shape: [-1, 2] } },
      run: ({ input }) => ({
        probability: (input as number[][]).map(([a, b]) => [1 / (1 + Math.exp(-(2 * a! - b!)))]),
      }),
    },
  },
};

const request = {
  id: 'r1',
  inputs: [{ name: 'input', datatype: 'FP32' as const, shape: [2, 2], data: [1, 2, 0.5, 0] }],
};

function spec(options: Record<string, unknown>): BackendLoadSpec {
  return {
    deployment: 'churn',
    environment: 'prod',
    model: { model: 'churn', version: 3 },
    source: 'runs:/0123456789abcdef0123456789abcdef/model',
    options,
  };
}

describe('BentoBackend', () => {
  let kernel: TestKernel;
  let backend: ServingBackend;
  let bento: BentoServer;
  const loaded: LoadedModel[] = [];

  before(async () => {
    kernel = await createTestKernel({ plugins: [servingBentomlPlugin()] });
    backend = kernel.getAll(ServingBackend).find((b) => b.name === 'bentoml')!;
  });
  after(() => kernel.stop());
  beforeEach(async () => {
    bento = await startBentoServer(service);
  });
  afterEach(async () => {
    for (const model of loaded.splice(0)) await model.unload();
    await bento.stop();
  });

  async function load(options: Record<string, unknown>): Promise<LoadedModel> {
    const model = await backend.load(spec(options));
    loaded.push(model);
    return model;
  }

  it('is named and versioned as its package, and provides the bentoml backend', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<
      string,
      string
    >;
    expect(servingBentomlPlugin.manifest.name).to.equal(pkg.name);
    expect(servingBentomlPlugin.manifest.version).to.equal(pkg.version);
    expect(backend).to.be.instanceOf(BentoBackend);
  });

  it('predicts through POST /predict with the inputs read from /docs.json', async () => {
    const model = await load({ url: bento.url });
    expect(model.inputs).to.deep.equal([{ name: 'input', datatype: 'FP32', shape: [-1, 2] }]);
    expect(await model.ready()).to.equal(true);
    const response = await model.predict(request);
    expect(bento.calls).to.deep.equal([
      {
        path: '/predict',
        body: {
          input: [
            [1, 2],
            [0.5, 0],
          ],
        },
      },
    ]);
    expect(response).to.deep.equal({
      id: 'r1',
      modelName: 'churn',
      modelVersion: '3',
      outputs: [
        {
          name: 'probability',
          datatype: 'FP64',
          shape: [2, 1],
          data: [1 / (1 + Math.exp(0)), 1 / (1 + Math.exp(-1))],
        },
      ],
    });
  });

  it("maps the service's 400 to InvalidArgumentError naming the input", async () => {
    const model = await load({ url: bento.url });
    const bad = { inputs: [{ name: 'input', datatype: 'FP32' as const, shape: [1, 2], data: ['abc', 1] }] };
    const err = await rejectionOf(model.predict(bad));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal(
      'the BentoML service rejected input "input": Value error, could not convert string to float: \'abc\'',
    );
    expect((err as InvalidArgumentError).details.field).to.equal('input');
    expect(bento.calls).to.have.length(1);
  });

  it('checks tensors against the inputs before calling the service', async () => {
    const model = await load({ url: bento.url });
    const missing = await rejectionOf(model.predict({ inputs: [] }));
    expect((missing as Error).message).to.equal('input "input" is missing');
    const shape = await rejectionOf(
      model.predict({ inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] }),
    );
    expect(shape).to.be.instanceOf(InvalidArgumentError);
    expect((shape as Error).message).to.equal('input "input" has shape [1, 3], expected [-1, 2]');
    expect((shape as InvalidArgumentError).details.field).to.equal('input');
    expect(bento.calls).to.deep.equal([]);
  });

  it("sends what the service reshapes itself when no inputs are known, and relays numpy's refusal", async () => {
    const model = await load({ url: bento.url, inputs: [] });
    const err = await rejectionOf(
      model.predict({ inputs: [{ name: 'input', datatype: 'FP32', shape: [3], data: [1, 2, 3] }] }),
    );
    expect((err as Error).message).to.equal(
      'the BentoML service rejected input "input": Value error, cannot reshape array of size 3 into shape (2)',
    );
  });

  it('answers UnavailableError when the server is down, and refuses to load one that is', async () => {
    const model = await load({ url: bento.url, timeoutMs: 2000 });
    await bento.stop();
    // The first call may still pick a kept-alive socket the server just closed (UND_ERR_SOCKET).
    expect(await rejectionOf(model.predict(request))).to.be.instanceOf(UnavailableError);
    const err = await rejectionOf(model.predict(request));
    expect(err).to.be.instanceOf(UnavailableError);
    expect((err as Error).message).to.equal(
      `the BentoML service at ${bento.url} (POST /predict) failed: ECONNREFUSED`,
    );
    expect(await model.ready()).to.equal(false);
    const notLoaded = await rejectionOf(backend.load(spec({ url: bento.url })));
    expect(notLoaded).to.be.instanceOf(UnavailableError);
    expect((notLoaded as Error).message).to.equal(
      `the BentoML service at ${bento.url} does not answer GET /livez`,
    );
  });

  it('reports not ready while /readyz answers 503', async () => {
    bento.setReady(false);
    const model = await load({ url: bento.url });
    expect(await model.ready()).to.equal(false);
    bento.setReady(true);
    expect(await model.ready()).to.equal(true);
  });

  it("scrapes the service's Prometheus metrics", async () => {
    const model = await load({ url: bento.url });
    await model.predict(request);
    const text = await model.scrapeMetrics!();
    expect(text).to.include('# TYPE bentoml_service_request_total counter');
    expect(text).to.include(
      'bentoml_service_request_total{endpoint="/predict",http_response_code="200",runner_name="ChurnModel",service_name="ChurnModel",service_version="not available"} 1.0',
    );
  });

  it('names the bad option', async () => {
    const err = await rejectionOf(backend.load(spec({ url: 'ftp://x', apiName: 'predict' })));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal('options.url must be an http(s) URL, got "ftp://x"');
    expect((err as InvalidArgumentError).details.field).to.equal('options.url');
    const both = await rejectionOf(backend.load(spec({})));
    expect((both as Error).message).to.equal(
      'the bentoml backend needs exactly one of options.url and options.cloud',
    );
  });
});

describe('BentoBackend on BentoCloud', () => {
  const token = 'yatai-token-1';
  const env = { BENTO_CLOUD_API_KEY: token, PATH: process.env.PATH };
  const cleanup: string[] = [];
  afterEach(async () => {
    for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('creates a deployment, waits until it runs, predicts through its URL and deletes it on unload', async () => {
    const cloud = await startBentoCloud({ token, service, bentos: ['churn-model:v1'], stepMs: 30 });
    try {
      const backend = new BentoBackend(
        { workDir: '/tmp', bentomlCommand: 'bentoml', buildTimeoutMs: 1000 },
        { env },
      );
      const model = await backend.load(
        spec({
          cloud: {
            endpoint: cloud.endpoint,
            bento: 'churn-model:v1',
            service: 'ChurnModel',
            maxReplicas: 2,
            pollIntervalMs: 10,
          },
        }),
      );
      expect(cloud.deploymentNames()).to.deep.equal(['churn-prod-v3']);
      const [create] = cloud.calls.filter((c) => c.method === 'POST');
      expect(create).to.deep.equal({
        method: 'POST',
        path: '/api/v2/deployments',
        body: {
          name: 'churn-prod-v3',
          bento: 'churn-model:v1',
          access_authorization: false,
          services: { ChurnModel: { scaling: { max_replicas: 2 } } },
        },
      });
      expect(cloud.calls.filter((c) => c.method === 'GET').length).to.be.greaterThan(1);
      const response = await model.predict(request);
      expect(response.outputs[0]!.data).to.deep.equal([0.5, 1 / (1 + Math.exp(-1))]);
      await model.unload();
      expect(cloud.calls.at(-1)).to.deep.include({
        method: 'DELETE',
        path: '/api/v2/deployments/churn-prod-v3',
      });
      expect(cloud.deploymentNames()).to.deep.equal([]);
      expect(await rejectionOf(model.predict(request))).to.be.instanceOf(FailedPreconditionError);
    } finally {
      await cloud.stop();
    }
  });

  it('fails clearly on a failed image build, a refused token and an unset token variable', async () => {
    const cloud = await startBentoCloud({ token, service, failingBentos: ['broken:v1'], stepMs: 10 });
    try {
      const backend = new BentoBackend(
        { workDir: '/tmp', bentomlCommand: 'bentoml', buildTimeoutMs: 1000 },
        { env },
      );
      const failed = await rejectionOf(
        backend.load(spec({ cloud: { endpoint: cloud.endpoint, bento: 'broken:v1', pollIntervalMs: 5 } })),
      );
      expect(failed).to.be.instanceOf(FailedPreconditionError);
      expect((failed as Error).message).to.equal(
        'BentoCloud deployment "churn-prod-v3" of broken:v1 is image-build-failed; see its events and logs in BentoCloud',
      );
      const wrong = new BentoBackend(
        { workDir: '/tmp', bentomlCommand: 'bentoml', buildTimeoutMs: 1000 },
        { env: { T: 'nope' } },
      );
      const refused = await rejectionOf(
        wrong.load(spec({ cloud: { endpoint: cloud.endpoint, bento: 'x:1', tokenEnv: 'T' } })),
      );
      expect(refused).to.be.instanceOf(UnauthenticatedError);
      expect((refused as Error).message).to.equal(
        `BentoCloud at ${cloud.endpoint} refused the API token (GET /api/v2/deployments/churn-prod-v3: get api token: record not found)`,
      );
      const unset = await rejectionOf(
        wrong.load(spec({ cloud: { endpoint: cloud.endpoint, bento: 'x:1' } })),
      );
      expect(unset).to.be.instanceOf(FailedPreconditionError);
      expect((unset as Error).message).to.equal(
        'the BentoCloud API token variable BENTO_CLOUD_API_KEY is not set (options.cloud.tokenEnv)',
      );
    } finally {
      await cloud.stop();
    }
  });

  it('generates, builds and pushes the Bento with the BentoML CLI when none is named', async () => {
    const modelDir = await writeModelDir(onnxMlModel, 'model.onnx');
    const fake = await writeFakeBentoml('churn:20261122');
    const workDir = join(dirname(modelDir), 'work');
    cleanup.push(dirname(modelDir), fake.dir);
    const onnxService: BentoServerOptions = {
      serviceName: 'Churn',
      apis: {
        predict: {
          params: { input_1: { dtype: 'float32', shape: [-1, 2] } },
          run: () => ({ probability: [[0.25]] }),
        },
      },
    };
    const cloud = await startBentoCloud({
      token,
      service: onnxService,
      bentos: ['churn:20261122'],
      stepMs: 10,
    });
    try {
      const backend = new BentoBackend(
        { workDir, bentomlCommand: fake.command, buildTimeoutMs: 10_000 },
        { env },
      );
      const model = await backend.load({
        ...spec({
          cloud: { endpoint: cloud.endpoint, pollIntervalMs: 5, minReplicas: 1, onUnload: 'terminate' },
        }),
        source: `file://${modelDir}`,
      });
      expect(model.inputs).to.deep.equal([{ name: 'input_1', datatype: 'FP32', shape: [-1, 2] }]);
      const projectDir = join(workDir, 'churn-prod-v3');
      expect(readFileSync(join(fake.dir, 'args.txt'), 'utf8')).to.equal(
        `build\n${projectDir}\n-o\ntag\n--name\nchurn\n--push\nkey=${token} endpoint=${cloud.endpoint}\n`,
      );
      expect(readFileSync(join(projectDir, 'service.py'), 'utf8')).to.include('class Churn:');
      const create = cloud.calls.find((c) => c.method === 'POST');
      expect(create?.body).to.deep.equal({
        name: 'churn-prod-v3',
        bento: 'churn:20261122',
        access_authorization: false,
        services: { Churn: { scaling: { min_replicas: 1 } } },
      });
      const response = await model.predict({
        inputs: [{ name: 'input_1', datatype: 'FP32', shape: [1, 2], data: [1, 1] }],
      });
      expect(response.outputs).to.deep.equal([
        { name: 'probability', datatype: 'FP32', shape: [1, 1], data: [0.25] },
      ]);
      await model.unload();
      expect(cloud.calls.at(-1)).to.deep.include({
        method: 'POST',
        path: '/api/v2/deployments/churn-prod-v3/terminate',
      });
    } finally {
      await cloud.stop();
    }
  });
});
