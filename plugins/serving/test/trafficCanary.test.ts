import {
  BeforeDeploymentRollout,
  BlobStore,
  definePlugin,
  PredictionLogged,
  type PredictionLoggedPayload,
  type TrafficExperiment,
  UnavailableError,
  veto,
} from '@mlops/plugin-api';
import { logisticRegressionModel } from '@mlops/test-models';
import { expect } from 'chai';
import { send } from './http.js';
import { eventually, registerOnnxModel, type ServingServer, startServingServer } from './servingServer.js';
import { gate, testBackendPlugin } from './testBackends.js';

const onnxRequest = (id: string) => ({
  id,
  inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 2], data: [0.25, 0.5] }],
});
const x1 = (id: string, value: number) => ({
  id,
  inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 1], data: [value] }],
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Vetoes rollouts to version `version` while `on`. */
const stepGate = { on: false, version: 0 };
const stepGatePlugin = definePlugin({
  name: 'step-gate',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  setup(ctx) {
    ctx.hooks.intercept(BeforeDeploymentRollout, async (r) =>
      stepGate.on && r.to.version === stepGate.version ? veto('error budget spent') : undefined,
    );
  },
});

describe('traffic: canary split and stickiness', () => {
  let server: ServingServer;
  before(async () => {
    server = await startServingServer();
    for (const n of [1, 2]) await registerOnnxModel(server, 'churn', logisticRegressionModel([n, n], 0));
    await server.serving.createDeployment({ name: 'churn', model: 'churn', version: 1 }, server.call);
    await server.serving.startExperiment('churn', { kind: 'canary', version: 2, percent: 20 }, server.call);
  });
  after(async () => server.stop());

  it('sends 20% of 10,000 request keys to the canary (within 1.5 points), each key always to one side', async () => {
    const side = new Map<string, string>();
    for (let start = 0; start < 10_000; start += 250) {
      const keys = Array.from({ length: 250 }, (_, i) => `customer-${start + i}`);
      const answers = await Promise.all(
        keys.map((key, i) =>
          server.serving.predict('churn', onnxRequest(`r-${start + i}`), server.call, { requestKey: key }),
        ),
      );
      for (const [i, a] of answers.entries()) side.set(keys[i]!, a.modelVersion!);
    }
    const canary = [...side.values()].filter((v) => v === '2').length / side.size;
    expect(canary).to.be.within(0.185, 0.215);
    for (let i = 0; i < 1000; i++) {
      const again = await server.serving.predict('churn', onnxRequest(`again-${i}`), server.call, {
        requestKey: `customer-${i}`,
      });
      expect(again.modelVersion).to.equal(side.get(`customer-${i}`));
    }
  });

  it('takes the sticky key from the x-request-key header over both protocols', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const kserve = await send(
        `${server.url}/v2/models/churn/infer`,
        'POST',
        { inputs: onnxRequest('').inputs },
        {
          'x-request-key': 'customer-7',
        },
      );
      const mlflow = await send(
        `${server.url}/api/v1/deployments/churn/invocations`,
        'POST',
        { inputs: [[0.25, 0.5]] },
        { 'x-request-key': 'customer-7' },
      );
      expect(kserve.status).to.equal(200);
      expect(mlflow.status).to.equal(200);
      seen.add((kserve.body as { model_version: string }).model_version);
      // The MLflow answer carries no version: the prediction tells the sides apart (sigmoid(n * 0.75)).
      const p = (mlflow.body as { predictions: number[][] }).predictions[0]![0]!;
      seen.add(Math.abs(p - 1 / (1 + Math.exp(-0.75))) < 1e-6 ? '1' : '2');
    }
    expect(seen.size).to.equal(1);
  });
});

describe('traffic: stepped canary promotion and guards relative to the champion', () => {
  let server: ServingServer;
  let slow = 0;
  const calls = new Map<number, number>();
  before(async () => {
    server = await startServingServer({
      after: [
        stepGatePlugin(),
        testBackendPlugin('remote', async (_request, version) => {
          const n = (calls.get(version) ?? 0) + 1;
          calls.set(version, n);
          // Every tenth call of versions 1 and 3 fails, three in ten of version 2; version 3 may be slow.
          if (version === 3) await sleep(slow);
          if ((version === 1 || version === 3) && n % 10 === 0) throw new UnavailableError('hiccup');
          if (version === 2 && n % 10 < 3) throw new UnavailableError('hiccup');
        }),
      ],
    });
    for (const n of [1, 2, 3, 4])
      await registerOnnxModel(server, 'fraud', logisticRegressionModel([n, n], 0));
    await server.registry.setAlias({ model: 'fraud', version: 1 }, 'champion', {}, server.call);
    await server.serving.createDeployment(
      { name: 'fraud', model: 'fraud', alias: 'champion', backend: 'remote' },
      server.call,
    );
  });
  after(async () => server.stop());

  /** Sends `n` requests with values from `from` (failures are expected), then waits for the lock's work. */
  async function traffic(from: number, n: number): Promise<void> {
    for (let i = from; i < from + n; i++) {
      await server.serving.predict('fraud', x1(`q${i}`, i), server.call).catch(() => undefined);
    }
  }
  const experiment = () => server.serving.getExperiment('fraud', server.call);

  it('keeps a canary as bad as the champion, which an absolute guard would have rolled back', async () => {
    await server.serving.startExperiment(
      'fraud',
      { kind: 'canary', version: 3, percent: 50, maxErrorRateIncrease: 0.05, minRequests: 50 },
      server.call,
    );
    await traffic(0, 400);
    const e = await experiment();
    expect(e.status).to.equal('running');
    expect(e.challenger!.errors / e.challenger!.requests).to.be.within(0.05, 0.15);
    await server.serving.endExperiment('fraud', { promote: false }, server.call);
  });

  it("rolls back a canary whose error rate exceeds the champion's by more than the threshold", async () => {
    await server.serving.startExperiment(
      'fraud',
      { kind: 'canary', version: 2, percent: 50, maxErrorRateIncrease: 0.1, minRequests: 50 },
      server.call,
    );
    await traffic(0, 600);
    const e = await experiment();
    expect(e.status).to.equal('rolledBack');
    expect(e.statusReason).to.match(
      /^challenger error rate 0\.\d{3} exceeds the champion's 0\.\d{3} by more than 0\.1 over the last \d+ and \d+ answers$/,
    );
    const rates = e.statusReason!.match(/0\.\d{3}/g)!.map(Number);
    expect(rates[0]! - rates[1]!).to.be.above(0.1);
  });

  it("rolls back a canary whose p99 latency exceeds a multiple of the champion's", async () => {
    slow = 15;
    await server.serving.startExperiment(
      'fraud',
      { kind: 'canary', version: 3, percent: 50, maxLatencyRatio: 3, minRequests: 20 },
      server.call,
    );
    await traffic(1, 80);
    const e = await experiment();
    slow = 0;
    expect(e.status).to.equal('rolledBack');
    expect(e.statusReason).to.match(
      /^challenger p99 latency \d+\.\d{2} ms above 3 times the champion's \d+\.\d{2} ms over the last \d+ and \d+ answers$/,
    );
  });

  it('steps a canary up through the rollout gate and promotes it after the last step', async () => {
    const started = await send(`${server.url}/api/v1/deployments/fraud/experiment`, 'POST', {
      kind: 'canary',
      version: 3,
      percent: 10,
      steps: [50, 100],
      step_min_requests: 10,
    });
    expect(started.status).to.equal(201);
    expect((started.body as { experiment: object }).experiment).to.deep.include({
      percent: 10,
      step: 0,
      steps: [50, 100],
    });
    let e: TrafficExperiment = await experiment();
    for (let from = 1; e.status === 'running' && from < 5000; from += 20) {
      await traffic(from, 20);
      e = await experiment();
    }
    expect(e).to.deep.include({
      status: 'promoted',
      statusReason: 'canary of version 3 promoted after 2 steps',
    });
    const steps = server.kernel.logs.map((l) => l.msg ?? '').filter((m) => m.includes(' now takes '));
    expect(steps).to.deep.equal([
      'canary of deployment fraud (version 3) now takes 50% (step 1 of 2)',
      'canary of deployment fraud (version 3) now takes 100% (step 2 of 2)',
    ]);
    expect((await server.registry.resolveModelUri('models:/fraud@champion', server.call)).version).to.equal(
      3,
    );
    const revisions = await server.serving.listRevisions('fraud', server.call);
    expect(revisions.at(-1)).to.include({ version: 3, reason: 'canary of version 3 promoted after 2 steps' });
  });

  it('rolls a stepped canary back when the gate vetoes a step', async () => {
    stepGate.version = 4;
    // The start goes through the gate too: it is shut after the start.
    await server.serving.startExperiment(
      'fraud',
      { kind: 'canary', version: 4, percent: 20, steps: [60], stepMinRequests: 5 },
      server.call,
    );
    stepGate.on = true;
    let e = await experiment();
    for (let from = 1; e.status === 'running' && from < 2000; from += 10) {
      await traffic(from, 10);
      e = await experiment();
    }
    stepGate.on = false;
    expect(e).to.deep.include({
      status: 'rolledBack',
      percent: 20,
      step: 0,
      statusReason:
        'the step to 60% failed: rollout of deployment "fraud" to fraud/4 refused by step-gate: error budget spent',
    });
    expect((await server.serving.getDeployment('fraud', server.call)).version).to.equal(3);
  });
});

describe('traffic: shadow', () => {
  let server: ServingServer;
  const held = gate();
  let failing = true;
  const logged: PredictionLoggedPayload[] = [];
  before(async () => {
    server = await startServingServer({
      options: { predictionLog: { enabled: true, batchSize: 4, flushIntervalMs: 60_000 } as never },
      after: [
        testBackendPlugin('mirror', async (_request, version) => {
          if (version === 2 && failing) {
            await held.wait();
            throw new UnavailableError('the challenger fell over');
          }
        }),
        definePlugin({
          name: 'log-listener',
          version: '0.1.0',
          apiVersion: '^0.1.0',
          setup(ctx) {
            ctx.hooks.on(PredictionLogged, (p) => {
              logged.push(p);
            });
          },
        })(),
      ],
    });
    for (const n of [1, 2]) await registerOnnxModel(server, 'ads', logisticRegressionModel([n, n], 0));
    await server.serving.createDeployment(
      { name: 'ads', model: 'ads', version: 1, backend: 'mirror' },
      server.call,
    );
  });
  after(async () => {
    held.open();
    await server.stop();
  });

  it('answers from the champion at once while a slow, failing challenger is mirrored at bounded concurrency', async () => {
    await server.serving.startExperiment(
      'ads',
      { kind: 'shadow', version: 2, shadowConcurrency: 2 },
      server.call,
    );
    for (let i = 0; i < 10; i++) {
      const answer = await server.serving.predict('ads', x1(`s${i}`, i), server.call);
      expect(answer).to.deep.include({ id: `s${i}`, modelVersion: '1' });
      expect(answer.outputs[0]!.data).to.deep.equal([2 * i]);
    }
    const e = await server.serving.getExperiment('ads', server.call);
    expect(e.shadowDropped).to.equal(8);
    expect(e.champion).to.deep.include({ requests: 10, errors: 0 });
    held.open();
    await eventually(
      async () => (await server.serving.getExperiment('ads', server.call)).challenger!.errors === 2,
    );
    expect((await server.serving.getExperiment('ads', server.call)).status).to.equal('running');
  });

  it('logs the champion and the shadow answers with the same request id', async () => {
    await server.serving.endExperiment('ads', { promote: false }, server.call);
    failing = false;
    await server.serving.startExperiment('ads', { kind: 'shadow', version: 2 }, server.call);
    for (const id of ['l0', 'l1']) await server.serving.predict('ads', x1(id, 3), server.call);
    // Blobs hold 4 records: more traffic pushes the ones above out of the buffer.
    for (let i = 0; i < 4; i++) await server.serving.predict('ads', x1(`filler-${i}`, 3), server.call);
    const records: { id: string; version: number }[] = [];
    const read = async () => {
      records.length = 0;
      for (const event of logged) {
        let text = '';
        for await (const chunk of await server.kernel.get(BlobStore).get(event.blobKey))
          text += chunk.toString();
        for (const line of text.trim().split('\n'))
          records.push(JSON.parse(line) as { id: string; version: number });
      }
      return records.filter((r) => r.id.startsWith('l')).length === 4;
    };
    await eventually(read, 5000, 'four logged answers');
    const versionsOf = (id: string) =>
      records
        .filter((r) => r.id === id)
        .map((r) => r.version)
        .sort();
    expect(versionsOf('l0')).to.deep.equal([1, 2]);
    expect(versionsOf('l1')).to.deep.equal([1, 2]);
  });
});
