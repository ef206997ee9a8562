import { InvalidArgumentError, UnavailableError } from '@mlops/plugin-api';
import { mlpModel } from '@mlops/test-models';
import { expect } from 'chai';
import { AdaptiveBatchPolicy, WindowBatchPolicy } from '../src/batching/BatchPolicy.js';
import { send } from './http.js';
import { registerOnnxModel, type ServingServer, startServingServer } from './servingServer.js';
import { gate, testBackendPlugin } from './testBackends.js';

async function metricValues(
  server: ServingServer,
  name: string,
): Promise<{ labels: object; value: number }[]> {
  const metric = server.kernel.metrics.registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  return (await metric.get()).values.map((v) => ({ labels: v.labels, value: v.value }));
}

const x1 = (v: number) => ({ inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 1], data: [v] }] });

describe('batch policies', () => {
  const state = { queued: 3, oldestWaitMs: 0.5, arrivedSinceLastCheck: 0, busy: false };

  it('adaptive: full -> size, waited -> timeout, model free and queue settled -> idle, else wait', () => {
    const policy = new AdaptiveBatchPolicy(4, 2);
    expect(policy.decide({ ...state, queued: 9 })).to.deep.equal({ dispatch: true, size: 4, reason: 'size' });
    expect(policy.decide({ ...state, oldestWaitMs: 2, busy: true })).to.deep.equal({
      dispatch: true,
      size: 3,
      reason: 'timeout',
    });
    expect(policy.decide(state)).to.deep.equal({ dispatch: true, size: 3, reason: 'idle' });
    expect(policy.decide({ ...state, arrivedSinceLastCheck: 2 })).to.deep.equal({
      dispatch: false,
      recheckInMs: 0,
    });
    expect(policy.decide({ ...state, busy: true })).to.deep.equal({ dispatch: false, recheckInMs: 0 });
  });

  it('window: waits for a full batch or the window, even with the model free', () => {
    const policy = new WindowBatchPolicy(4, 2);
    expect(policy.decide(state)).to.deep.equal({ dispatch: false, recheckInMs: 1.5 });
    expect(policy.decide({ ...state, oldestWaitMs: 2.5 })).to.deep.equal({
      dispatch: true,
      size: 3,
      reason: 'timeout',
    });
  });
});

describe('micro-batching on a live ONNX deployment', () => {
  let server: ServingServer;
  // y = x0 - x1 through an identity hidden layer: each row's answer shows whose row it was.
  const layers = [
    {
      weights: [
        [1, 0],
        [0, 1],
      ],
      bias: [0, 0],
    },
    { weights: [[1], [-1]], bias: [0] },
  ];
  before(async () => {
    server = await startServingServer({ options: { batching: { maxBatchSize: 16, maxWaitMs: 5 } as never } });
    await registerOnnxModel(server, 'diff', mlpModel(layers));
    await server.serving.createDeployment({ name: 'diff', model: 'diff', version: 1 }, server.call);
  });
  after(async () => server.stop());

  it('stacks concurrent requests into batches and gives each its own rows back', async () => {
    const requests = Array.from({ length: 48 }, (_, i) => ({
      inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [2, 2], data: [i + 2, 1, 0, i + 1] }],
    }));
    const answers = await Promise.all(requests.map((r) => server.serving.predict('diff', r, server.call)));
    for (const [i, answer] of answers.entries()) {
      expect(answer.outputs[0]).to.deep.include({ shape: [2, 1], data: [i + 1, -(i + 1)] });
    }
    const batches = await metricValues(server, 'serving_batches_total');
    const total = batches.reduce((sum, b) => sum + b.value, 0);
    expect(total).to.be.at.least(3).and.below(48);
    const sizes = (await metricValues(server, 'serving_batch_size')).find(
      (v) => (v.labels as { le?: unknown }).le === undefined && JSON.stringify(v.labels).includes('diff'),
    );
    expect(sizes).to.not.equal(undefined);
    const predictions = await metricValues(server, 'serving_predictions_total');
    expect(predictions).to.deep.include({ labels: { deployment: 'diff', outcome: 'ok' }, value: 48 });
    const metricsText = (await send(`${server.url}/metrics`)).body as string;
    expect(metricsText).to.match(
      /serving_batches_total\{deployment="diff",reason="(size|idle|timeout)"\} \d+/,
    );
    expect(metricsText).to.include('serving_queue_wait_seconds_bucket{le="0.001",deployment="diff"}');
  });

  it('keeps a bad request out of the batch: it alone fails, naming its input', async () => {
    const good = server.serving.predict('diff', x2(3, 1), server.call);
    const bad = server.serving
      .predict(
        'diff',
        { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] },
        server.call,
      )
      .catch((e: unknown) => e);
    expect((await good).outputs[0]!.data).to.deep.equal([2]);
    expect(await bad).to.be.instanceOf(InvalidArgumentError);
    const predictions = await metricValues(server, 'serving_predictions_total');
    expect(predictions).to.deep.include({ labels: { deployment: 'diff', outcome: 'invalid' }, value: 1 });
  });
});

const x2 = (a: number, b: number) => ({
  inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 2], data: [a, b] }],
});

describe('queue limits, timeouts, the circuit breaker and the cache', () => {
  let server: ServingServer;
  const slowGate = gate();
  let slowMode: 'wait' | 'fast' = 'wait';
  let failing = true;
  const flakyCalls: number[] = [];
  before(async () => {
    server = await startServingServer({
      options: {
        maxQueued: 2,
        requestTimeoutMs: 300,
        cacheEntries: 8,
        circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 300 },
      },
      after: [
        testBackendPlugin('slow', async () => {
          if (slowMode === 'wait') await slowGate.wait();
        }),
        testBackendPlugin(
          'flaky',
          async () => {
            if (failing) throw new UnavailableError('the model server did not answer');
          },
          flakyCalls,
        ),
      ],
    });
    await registerOnnxModel(server, 'any', mlpModel([{ weights: [[1]], bias: [0] }]));
    for (const backend of ['slow', 'flaky']) {
      await server.serving.createDeployment(
        { name: backend, model: 'any', version: 1, backend },
        server.call,
      );
    }
  });
  after(async () => {
    slowGate.open();
    await server.stop();
  });

  it('answers 503 with Retry-After when the queue is full, and 503 when a request times out', async () => {
    const url = `${server.url}/v2/models/slow/infer`;
    const body = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 1], data: [1] }] };
    // The first goes to the model alone and waits at its gate; the next two fill the queue.
    const pending = [];
    for (let i = 0; i < 3; i++) {
      pending.push(send(url, 'POST', body));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const refused = await send(url, 'POST', body);
    expect(refused.status).to.equal(503);
    expect(refused.headers.get('retry-after')).to.equal('1');
    expect((refused.body as { error: string }).error).to.equal(
      'deployment "slow" is over capacity: 2 requests are queued',
    );
    const timedOut = await Promise.all(pending);
    for (const answer of timedOut) {
      expect(answer.status).to.equal(503);
      expect((answer.body as { error: string }).error).to.equal(
        'deployment "slow" did not answer within 300 ms',
      );
    }
    slowGate.open();
    slowMode = 'fast';
    // Three timeouts in a row opened the circuit around the remote backend: the trial comes after it resets.
    const open = await send(`${server.url}/api/v1/deployments/slow/invocations`, 'POST', { inputs: [[4]] });
    expect([open.status, open.headers.get('retry-after')]).to.deep.equal([503, '1']);
    await new Promise((resolve) => setTimeout(resolve, 320));
    const invocation = await send(`${server.url}/api/v1/deployments/slow/invocations`, 'POST', {
      inputs: [[4]],
    });
    expect(invocation.body).to.deep.equal({ predictions: [[8]] });
  });

  it('opens the circuit after consecutive failures of a remote backend, then closes it after a good trial', async () => {
    for (let i = 0; i < 3; i++) {
      const err = await server.serving.predict('flaky', x1(1), server.call).catch((e: unknown) => e);
      expect((err as Error).message).to.equal('the model server did not answer');
    }
    const calls = flakyCalls.length;
    const open = await server.serving.predict('flaky', x1(1), server.call).catch((e: unknown) => e);
    expect(open).to.be.instanceOf(UnavailableError);
    expect((open as Error).message).to.equal(
      'backend "flaky" of deployment "flaky" is failing: circuit open for 1 more s',
    );
    expect(flakyCalls.length).to.equal(calls);
    expect(await metricValues(server, 'serving_circuit_open_rejections_total')).to.deep.include({
      labels: { deployment: 'flaky' },
      value: 1,
    });
    failing = false;
    await new Promise((resolve) => setTimeout(resolve, 320));
    const answer = await server.serving.predict('flaky', x1(5), server.call);
    expect(answer.outputs[0]!.data).to.deep.equal([10]);
    expect((await server.serving.predict('flaky', x1(6), server.call)).outputs[0]!.data).to.deep.equal([12]);
  });

  it('answers a repeated request from the cache without calling the model', async () => {
    const before = flakyCalls.length;
    const first = await server.serving.predict('flaky', { id: 'a', ...x1(21) }, server.call);
    const second = await server.serving.predict('flaky', { id: 'b', ...x1(21) }, server.call);
    expect(flakyCalls.length).to.equal(before + 1);
    expect(second.outputs).to.deep.equal(first.outputs);
    expect(second.id).to.equal('b');
    const lookups = await metricValues(server, 'serving_cache_lookups_total');
    expect(lookups).to.deep.include({ labels: { deployment: 'flaky', result: 'hit' }, value: 1 });
  });
});
