import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { Auth, definePlugin, type Principal, UnauthenticatedError } from '@mlops/plugin-api';
import { logisticRegressionModel, sumAndProductModel } from '@mlops/test-models';
import { expect } from 'chai';
import { registerOnnxModel, type ServingServer, sigmoid, startServingServer } from './servingServer.js';
import { gate, testBackendPlugin } from './testBackends.js';

/** Bearer `reader` may READ; anything else is unauthenticated. */
const readerAuthPlugin = definePlugin({
  name: 'test-auth',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  provides: [Auth],
  setup(ctx) {
    ctx.provide(Auth, {
      async authenticate(credentials) {
        if (credentials.authorization !== 'Bearer reader')
          throw new UnauthenticatedError('a valid bearer token is required');
        return { id: 'reader', kind: 'user', roles: [] } satisfies Principal;
      },
      async authorize(_principal, action, resource) {
        return action === 'READ' && resource.id !== 'secret';
      },
      async readableScope() {
        return { kind: 'all' };
      },
    });
  },
});

const protoPath = fileURLToPath(new URL('../../proto/grpc_predict_v2.proto', import.meta.url));
type Unary = (
  request: object,
  metadata: grpc.Metadata,
  callback: (err: grpc.ServiceError | null, res: never) => void,
) => void;
type Client = grpc.Client & Record<string, Unary>;

const weights = [0.5, -1, 2];
const bias = 0.25;
const probability = (r: readonly number[]) => sigmoid(r[0]! * 0.5 - r[1]! + r[2]! * 2 + bias);

describe('KServe v2 gRPC service', () => {
  let server: ServingServer;
  let client: Client;
  const slow = gate();
  const metadata = new grpc.Metadata();
  metadata.set('authorization', 'Bearer reader');

  function call<T>(method: string, request: object, md = metadata): Promise<T> {
    return new Promise((resolve, reject) => {
      client[method]!(request, md, (err, res) => (err === null ? resolve(res as T) : reject(err)));
    });
  }
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('the call succeeded');
      },
      (e: grpc.ServiceError) => ({ code: e.code, details: e.details }),
    );

  before(async () => {
    server = await startServingServer({
      options: { grpc: { enabled: true, host: '127.0.0.1', port: 0 }, maxQueued: 2 },
      after: [readerAuthPlugin(), testBackendPlugin('remote', () => slow.wait())],
    });
    await registerOnnxModel(server, 'churn', logisticRegressionModel(weights, bias));
    await registerOnnxModel(server, 'pair', sumAndProductModel(2), 'onnx-file');
    await registerOnnxModel(server, 'doubler', logisticRegressionModel([1], 0));
    await server.serving.createDeployment({ name: 'churn', model: 'churn', version: 1 }, server.call);
    await server.serving.createDeployment({ name: 'pair', model: 'pair', version: 1 }, server.call);
    await server.serving.createDeployment({ name: 'secret', model: 'churn', version: 1 }, server.call);
    await server.serving.createDeployment(
      { name: 'slow', model: 'doubler', version: 1, backend: 'remote' },
      server.call,
    );
    const address = server.kernel.logs.find((l) => typeof l.grpc === 'string')?.grpc as string;
    const proto = grpc.loadPackageDefinition(
      protoLoader.loadSync(protoPath, { keepCase: true, longs: Number, defaults: true }),
    ) as unknown as { inference: { GRPCInferenceService: grpc.ServiceClientConstructor } };
    client = new proto.inference.GRPCInferenceService(
      address,
      grpc.credentials.createInsecure(),
    ) as unknown as Client;
  });
  after(async () => {
    slow.open();
    client?.close();
    await server.stop();
  });

  it('answers liveness, readiness and server metadata', async () => {
    expect(await call('ServerLive', {})).to.deep.equal({ live: true });
    expect(await call('ServerReady', {})).to.deep.equal({ ready: true });
    expect(await call('ServerMetadata', {})).to.deep.equal({
      name: 'mlops-serving',
      version: '0.1.0',
      extensions: [],
    });
  });

  it("answers a model's metadata and readiness, by deployment name and served version", async () => {
    expect(await call('ModelMetadata', { name: 'churn' })).to.deep.equal({
      name: 'churn',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
    });
    expect(await call('ModelReady', { name: 'churn', version: '1' })).to.deep.equal({ ready: true });
    expect(await failure(call('ModelReady', { name: 'churn', version: '2' }))).to.deep.equal({
      code: grpc.status.NOT_FOUND,
      details: 'deployment "churn" serves version 1, not version 2',
    });
    expect(await failure(call('ModelMetadata', { name: 'nope' }))).to.deep.equal({
      code: grpc.status.NOT_FOUND,
      details: 'deployment "nope" does not exist',
    });
  });

  it('infers from typed contents, with outputs computed by hand', async () => {
    const rows = [
      [0.2, 1.5, -3],
      [1, 0, 0],
    ];
    const answer = await call<{
      model_name: string;
      model_version: string;
      id: string;
      outputs: { name: string; datatype: string; shape: number[]; contents: { fp32_contents: number[] } }[];
      raw_output_contents: Buffer[];
    }>('ModelInfer', {
      model_name: 'churn',
      id: 'req-1',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 3], contents: { fp32_contents: rows.flat() } }],
    });
    expect(answer).to.deep.include({ model_name: 'churn', model_version: '1', id: 'req-1' });
    expect(answer.raw_output_contents).to.deep.equal([]);
    const [out] = answer.outputs;
    expect(out).to.deep.include({ name: 'probability', datatype: 'FP32', shape: [2, 1] });
    expect(out!.contents.fp32_contents).to.have.length(2);
    out!.contents.fp32_contents.forEach((p, i) => {
      expect(p).to.be.closeTo(probability(rows[i]!), 1e-6);
    });
  });

  it('infers from raw_input_contents and answers raw_output_contents', async () => {
    const raw = (values: number[]) => Buffer.from(new Float32Array(values).buffer);
    const answer = await call<{
      outputs: { name: string; shape: number[] }[];
      raw_output_contents: Buffer[];
    }>('ModelInfer', {
      model_name: 'pair',
      model_version: '1',
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [2, 2] },
        { name: 'b', datatype: 'FP32', shape: [2, 2] },
      ],
      raw_input_contents: [raw([1, 2, -1, 0.5]), raw([3, 4, 2, 2])],
    });
    expect(answer.outputs.map((o) => [o.name, o.shape])).to.deep.equal([
      ['sum', [2, 2]],
      ['product', [2, 2]],
    ]);
    const decode = (b: Buffer) => [
      ...new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
    ];
    expect(answer.raw_output_contents.map(decode)).to.deep.equal([
      [4, 6, 1, 2.5],
      [3, 8, -2, 1],
    ]);
  });

  it('refuses bad tensors with INVALID_ARGUMENT naming the input', async () => {
    const infer = (request: object) => failure(call('ModelInfer', { model_name: 'pair', ...request }));
    const a = { name: 'a', datatype: 'FP32', shape: [1, 2], contents: { fp32_contents: [1, 2] } };
    expect(await infer({ inputs: [a] })).to.deep.equal({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'input "b" is missing',
    });
    expect(
      await infer({
        inputs: [a, { name: 'b', datatype: 'FP32', shape: [1, 3], contents: { fp32_contents: [1, 2, 3] } }],
      }),
    ).to.deep.equal({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'input "b" has shape [1, 3], but the model takes [-1, 2]',
    });
    expect(
      await infer({
        inputs: [a, { name: 'b', datatype: 'FP64', shape: [1, 2], contents: { fp64_contents: [1, 2] } }],
      }),
    ).to.deep.equal({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'input "b" has datatype FP64, but the model takes FP32',
    });
    expect(
      await infer({
        inputs: [
          { name: 'a', datatype: 'FP32', shape: [1, 2] },
          { name: 'b', datatype: 'FP32', shape: [1, 2] },
        ],
        raw_input_contents: [Buffer.alloc(8), Buffer.alloc(7)],
      }),
    ).to.deep.equal({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'input "b" has 7 bytes of raw contents, which is not a whole number of FP32 values',
    });
  });

  it('needs READ on the deployment when Auth is configured', async () => {
    const request = { model_name: 'secret', inputs: [] };
    expect(await failure(call('ModelInfer', request))).to.deep.equal({
      code: grpc.status.PERMISSION_DENIED,
      details: 'reader may not READ deployment "secret"',
    });
    expect(await failure(call('ModelMetadata', { name: 'churn' }, new grpc.Metadata()))).to.deep.equal({
      code: grpc.status.UNAUTHENTICATED,
      details: 'a valid bearer token is required',
    });
  });

  it('answers UNAVAILABLE when the deployment queue is full, sharing the queue with REST', async () => {
    const request = {
      model_name: 'slow',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 1], contents: { fp32_contents: [3] } }],
    };
    const send = () =>
      call<{ outputs: { contents: { fp32_contents: number[] } }[] }>('ModelInfer', request).then(
        (r) => r.outputs[0]!.contents.fp32_contents,
        (e: grpc.ServiceError) => ({ code: e.code, details: e.details }),
      );
    // The first holds the model (at the gate); two more fill the queue of 2; the fourth is refused.
    const calls = [send()];
    await new Promise((resolve) => setTimeout(resolve, 100));
    calls.push(send(), send(), send());
    await new Promise((resolve) => setTimeout(resolve, 100));
    slow.open();
    const results = await Promise.all(calls);
    expect(results.filter((r) => Array.isArray(r))).to.deep.equal([[6], [6], [6]]);
    expect(results.filter((r) => !Array.isArray(r))).to.deep.equal([
      { code: grpc.status.UNAVAILABLE, details: 'deployment "slow" is over capacity: 2 requests are queued' },
    ]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).to.match(/serving_predictions_total\{deployment="pair",outcome="ok"\} 1\b/);
  });
});
