import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError } from '@mlops/plugin-api';
import { logisticRegressionModel } from '@mlops/test-models';
import { expect } from 'chai';
import { send } from './http.js';
import { registerOnnxModel, type ServingServer, sigmoid, startServingServer } from './servingServer.js';
import { testBackendPlugin } from './testBackends.js';

/** Version n: p = sigmoid(n * (x0 + x1)). */
const modelOfVersion = (n: number) => logisticRegressionModel([n, n], 0);
const request = (user: string, a = 0.25, b = 0.5) => ({
  parameters: { user },
  inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 2], data: [a, b] }],
});

describe('traffic experiments', () => {
  let server: ServingServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serving-experiments-'));
    server = await startServingServer({
      dir,
      after: [
        testBackendPlugin('versioned', async (_request, version) => {
          if (version === 2) throw new UnavailableError('version 2 lost its GPU');
        }),
      ],
    });
    for (const n of [1, 2, 3]) await registerOnnxModel(server, 'churn', modelOfVersion(n));
    await server.registry.setAlias({ model: 'churn', version: 1 }, 'champion', {}, server.call);
    await server.serving.createDeployment({ name: 'churn', model: 'churn', alias: 'champion' }, server.call);
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('splits a canary by the sticky key within binomial tolerance, each side answering with its own model', async () => {
    const started = await server.serving.startExperiment(
      'churn',
      { kind: 'canary', version: 2, percent: 20, stickyBy: 'user' },
      server.call,
    );
    expect(started).to.deep.include({
      kind: 'canary',
      version: 2,
      percent: 20,
      stickyBy: 'user',
      status: 'running',
    });
    const firstSide = new Map<string, string>();
    for (let i = 0; i < 1000; i++) {
      const answer = await server.serving.predict('churn', request(`u${i}`), server.call);
      firstSide.set(`u${i}`, answer.modelVersion!);
      const n = Number(answer.modelVersion);
      expect(answer.outputs[0]!.data[0]).to.be.closeTo(sigmoid(n * 0.75), 1e-6);
    }
    const canary = [...firstSide.values()].filter((v) => v === '2').length;
    // Binomial(1000, 0.2): mean 200, sd 12.6; 4 sd either side.
    expect(canary).to.be.within(150, 250);
    for (let i = 0; i < 100; i++) {
      const again = await server.serving.predict('churn', request(`u${i}`), server.call);
      expect(again.modelVersion).to.equal(firstSide.get(`u${i}`));
    }
    const experiment = await server.serving.getExperiment('churn', server.call);
    expect(experiment.challenger!.requests + experiment.champion!.requests).to.equal(1100);
    expect(experiment.challenger!.errors).to.equal(0);
  });

  it('refuses a second experiment and bad input, naming the field', async () => {
    const second = await server.serving
      .startExperiment('churn', { kind: 'shadow', version: 3 }, server.call)
      .catch((e: unknown) => e);
    expect(second).to.be.instanceOf(FailedPreconditionError);
    expect((second as Error).message).to.equal('deployment "churn" already runs a canary of version 2');
    const bad = await server.serving
      .startExperiment('churn', { kind: 'canary', version: 3, percent: 120 }, server.call)
      .catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect((bad as InvalidArgumentError).details.field).to.equal('percent');
  });

  it('keeps a running canary across a restart', async () => {
    await server.stop();
    server = await startServingServer({ dir, after: [testBackendPlugin('versioned', async () => {})] });
    const experiment = await server.serving.getExperiment('churn', server.call);
    expect(experiment).to.deep.include({ status: 'running', version: 2 });
    expect(experiment.challenger!.requests).to.equal(0);
    const answer = await server.serving.predict('churn', request('u-restart'), server.call);
    expect(['1', '2']).to.include(answer.modelVersion);
  });

  it('promotes the canary: the alias moves through the registry and the deployment follows it', async () => {
    const ended = await server.serving.endExperiment(
      'churn',
      { promote: true, reason: 'v2 converts better' },
      server.call,
    );
    expect(ended).to.deep.include({ status: 'promoted', statusReason: 'v2 converts better' });
    const champion = await server.registry.resolveModelUri('models:/churn@champion', server.call);
    expect(champion.version).to.equal(2);
    const deployment = await server.serving.getDeployment('churn', server.call);
    expect(deployment).to.include({ version: 2, alias: 'champion', reason: 'v2 converts better' });
    for (let i = 0; i < 20; i++) {
      expect((await server.serving.predict('churn', request(`u${i}`), server.call)).modelVersion).to.equal(
        '2',
      );
    }
    const again = await server.serving
      .endExperiment('churn', { promote: false }, server.call)
      .catch((e: unknown) => e);
    expect((again as Error).message).to.equal('deployment "churn" runs no experiment');
  });

  it('mirrors traffic to a shadow, answering from the champion only', async () => {
    await server.serving.startExperiment('churn', { kind: 'shadow', version: 3 }, server.call);
    for (let i = 0; i < 30; i++) {
      const answer = await server.serving.predict('churn', request(`s${i}`), server.call);
      expect(answer.modelVersion).to.equal('2');
    }
    const deadline = Date.now() + 5000;
    let experiment = await server.serving.getExperiment('churn', server.call);
    while (experiment.challenger!.requests < 30 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      experiment = await server.serving.getExperiment('churn', server.call);
    }
    expect(experiment.champion!.requests).to.equal(30);
    expect(experiment.challenger!.requests).to.equal(30);
    const ended = await send(`${server.url}/api/v1/deployments/churn/experiment/end`, 'POST', {
      promote: false,
    });
    expect(ended.status).to.equal(200);
    expect((ended.body as { experiment: object }).experiment).to.deep.include({
      kind: 'shadow',
      status: 'ended',
      status_reason: 'ended by a call',
    });
    expect((await server.serving.getDeployment('churn', server.call)).version).to.equal(2);
  });

  it("rolls a canary back by itself when the challenger's error rate crosses the guard", async () => {
    await server.stop();
    server = await startServingServer({
      dir,
      after: [
        testBackendPlugin('versioned', async (_request, version) => {
          if (version === 2) throw new UnavailableError('version 2 lost its GPU');
        }),
      ],
    });
    await server.serving.createDeployment(
      { name: 'remote', model: 'churn', version: 1, backend: 'versioned' },
      server.call,
    );
    const started = await send(`${server.url}/api/v1/deployments/remote/experiment`, 'POST', {
      kind: 'canary',
      version: 2,
      percent: 50,
      max_error_rate: 0.1,
      min_requests: 5,
    });
    expect(started.status).to.equal(201);
    const x1 = (i: number) => ({
      id: `r${i}`,
      inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 1], data: [i] }],
    });
    let failures = 0;
    for (let i = 0; i < 200; i++) {
      await server.serving.predict('remote', x1(i), server.call).catch(() => failures++);
    }
    expect(failures).to.equal(5);
    const experiment = (await send(`${server.url}/api/v1/deployments/remote/experiment`)).body as {
      experiment: Record<string, unknown>;
    };
    expect(experiment.experiment).to.deep.include({
      status: 'rolledBack',
      status_reason: 'challenger error rate 1.000 above 0.1 after 5 requests',
    });
    expect(
      server.kernel.logs.some(
        (l) =>
          l.msg ===
          'canary of deployment remote (version 2) rolled back: challenger error rate 1.000 above 0.1 after 5 requests',
      ),
    ).to.equal(true);
    const answer = await server.serving.predict('remote', x1(7), server.call);
    expect(answer).to.deep.include({ modelVersion: '1' });
    expect(answer.outputs[0]!.data).to.deep.equal([14]);
  });
});
