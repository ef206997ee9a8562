import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlreadyExistsError,
  BeforeDeploymentRollout,
  DeploymentRolledOut,
  type DeploymentRollout,
  definePlugin,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  pass,
  ResourceCreated,
  ResourceDeleted,
  UnavailableError,
  veto,
} from '@mlops/plugin-api';
import { logisticRegressionModel } from '@mlops/test-models';
import { expect } from 'chai';
import {
  eventually,
  registerOnnxModel,
  type ServingServer,
  sigmoid,
  startServingServer,
} from './servingServer.js';

/** Version n of the test model: p = sigmoid(n * (x0 + x1)), so each version answers differently. */
const modelOfVersion = (n: number) => logisticRegressionModel([n, n], 0);
const x = (a: number, b: number) => ({
  inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 2], data: [a, b] }],
});

const rolledOut: DeploymentRollout[] = [];
const resources: string[] = [];

/** Vetoes every rollout to version 3, and records the rollouts it sees. */
const gatePlugin = definePlugin({
  name: 'test-gate',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  setup(ctx) {
    ctx.hooks.intercept(BeforeDeploymentRollout, (r) =>
      r.to.version === 3 ? veto('version 3 failed the latency review') : pass(),
    );
    ctx.hooks.on(DeploymentRolledOut, (r) => {
      rolledOut.push(r);
    });
    ctx.hooks.on(ResourceCreated, (r) => {
      resources.push(`created ${r.kind} ${r.id} by ${r.call.principal.id}`);
    });
    ctx.hooks.on(ResourceDeleted, (r) => {
      resources.push(`deleted ${r.kind} ${r.id}`);
    });
  },
});

describe('deployments', () => {
  let server: ServingServer;
  const alice = {
    principal: { id: 'alice', kind: 'user' as const, roles: [] },
    tenant: 'default',
    requestId: 'a',
  };

  before(async () => {
    server = await startServingServer({ after: [gatePlugin()] });
    for (const n of [1, 2, 3]) await registerOnnxModel(server, 'churn', modelOfVersion(n));
    await server.registry.setAlias({ model: 'churn', version: 1 }, 'champion', {}, server.call);
  });
  after(async () => server.stop());

  it('deploys the version an alias points at, and predicts with it', async () => {
    const d = await server.serving.createDeployment(
      { name: 'churn-api', model: 'churn', alias: 'champion' },
      alice,
    );
    expect(d).to.include({
      deployment: 'churn-api',
      revision: 1,
      model: 'churn',
      alias: 'champion',
      version: 1,
      environment: 'dev',
      backend: 'onnx',
      reason: 'created',
      createdBy: 'alice',
      state: 'ready',
    });
    expect(d.backendOptions).to.deep.equal({ intraOpThreads: 1, warmupRuns: 1 });
    expect(d.inputs).to.deep.equal([{ name: 'x', datatype: 'FP32', shape: [-1, 2] }]);
    const answer = await server.serving.predict('churn-api', { id: 'q1', ...x(0.5, 0.25) }, alice);
    expect(answer).to.deep.include({ id: 'q1', modelName: 'churn-api', modelVersion: '1' });
    expect(answer.outputs[0]!.data[0]).to.be.closeTo(sigmoid(0.75), 1e-6);
    expect(rolledOut.at(-1)).to.deep.include({
      deployment: 'churn-api',
      environment: 'dev',
      to: { model: 'churn', version: 1 },
    });
  });

  it('follows its alias with no failed request under continuous load, and records the move', async () => {
    const url = `${server.url}/v2/models/churn-api/infer`;
    const body = JSON.stringify(x(1, 1));
    const seen = new Map<string, number>();
    const failures: string[] = [];
    let stop = false;
    const client = async () => {
      const deadline = Date.now() + 10_000;
      while (!stop && Date.now() < deadline) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        });
        const answer = (await response.json()) as { model_version?: string };
        if (response.status !== 200) failures.push(`${response.status} ${JSON.stringify(answer)}`);
        else seen.set(answer.model_version!, (seen.get(answer.model_version!) ?? 0) + 1);
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await eventually(async () => (seen.get('1') ?? 0) > 20, 5000, 'traffic on version 1');
    await server.registry.setAlias({ model: 'churn', version: 2 }, 'champion', {}, alice);
    await eventually(async () => (seen.get('2') ?? 0) > 20, 5000, 'traffic on version 2');
    stop = true;
    await Promise.all(clients);
    expect(failures).to.deep.equal([]);
    const d = await server.serving.getDeployment('churn-api', server.call);
    expect(d).to.include({ revision: 2, version: 2, alias: 'champion', createdBy: 'alice' });
    expect(d.reason).to.equal('alias "champion" moved from version 1 to 2');
    const answer = await server.serving.predict('churn-api', x(1, 1), server.call);
    expect(answer.outputs[0]!.data[0]).to.be.closeTo(sigmoid(4), 1e-6);
  });

  it('keeps the current model when the interceptor vetoes, whether the alias moves or a user asks', async () => {
    await server.registry.setAlias({ model: 'churn', version: 3 }, 'champion', {}, server.call);
    await eventually(
      async () =>
        server.kernel.logs.some((l) =>
          String(l.msg).includes('following alias "champion" to version 3 failed'),
        ),
      5000,
      'the veto to be logged',
    );
    const line = server.kernel.logs.find((l) => String(l.msg).includes('to version 3 failed'))!;
    expect(line.msg).to.equal(
      'deployment churn-api keeps its model: following alias "champion" to version 3 failed: rollout of deployment "churn-api" to churn/3 refused by test-gate: version 3 failed the latency review',
    );
    const err = await server.serving
      .updateDeployment('churn-api', { version: 3 }, server.call)
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FailedPreconditionError);
    expect((err as Error).message).to.equal(
      'rollout of deployment "churn-api" to churn/3 refused by test-gate: version 3 failed the latency review',
    );
    const d = await server.serving.getDeployment('churn-api', server.call);
    expect(d).to.include({ revision: 2, version: 2 });
    expect(
      (await server.serving.listRevisions('churn-api', server.call)).map((r) => r.version),
    ).to.deep.equal([1, 2]);
  });

  it('rolls back to the previous revision as a new revision, and to a chosen one', async () => {
    const back = await server.serving.rollback('churn-api', {}, alice);
    expect(back).to.include({ revision: 3, version: 1, alias: 'champion', reason: 'rollback to revision 1' });
    const answer = await server.serving.predict('churn-api', x(1, 1), server.call);
    expect(answer.modelVersion).to.equal('1');
    expect(answer.outputs[0]!.data[0]).to.be.closeTo(sigmoid(2), 1e-6);
    const forward = await server.serving.rollback(
      'churn-api',
      { toRevision: 2, reason: 'v1 was worse' },
      alice,
    );
    expect(forward).to.include({ revision: 4, version: 2, reason: 'v1 was worse' });
    const revisions = await server.serving.listRevisions('churn-api', server.call);
    expect(revisions.map((r) => [r.revision, r.version])).to.deep.equal([
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 2],
    ]);
    const err = await server.serving.rollback('churn-api', { toRevision: 4 }, alice).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.equal('toRevision must be below the current revision 4, not 4');
  });

  it('refuses bad input, naming the field, and a taken name', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { name: '-x', model: 'churn', version: 1 },
        'name',
        'name "-x" is invalid: use 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit',
      ],
      [
        { name: 'x', model: 'churn', version: 1, alias: 'champion' },
        'alias',
        'give either alias or version, not both',
      ],
      [{ name: 'x', model: 'churn' }, 'alias', 'give the alias to follow or the version to pin'],
      [{ name: 'x', model: 'churn', version: 1.5 }, 'version', 'version must be a positive integer, not 1.5'],
      [
        { name: 'x', model: 'churn', version: 1, environment: 'qa' },
        'environment',
        'environment "qa" is not configured (environments: dev, staging, prod)',
      ],
      [
        { name: 'x', model: 'churn', version: 1, backend: 'triton' },
        'backend',
        'backend "triton" is not configured (backends: onnx)',
      ],
      [
        { name: 'x', model: 'churn', version: 1, backendOptions: { intraOpThreads: 0 } },
        'backendOptions/intraOpThreads',
        'backendOptions/intraOpThreads must be >= 1 for backend "onnx"',
      ],
    ];
    for (const [input, field, message] of cases) {
      const err = await server.serving.createDeployment(input as never, server.call).catch((e: unknown) => e);
      expect(err, message).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).details.field).to.equal(field);
      expect((err as Error).message).to.equal(message);
    }
    const taken = await server.serving
      .createDeployment({ name: 'churn-api', model: 'churn', version: 1 }, server.call)
      .catch((e: unknown) => e);
    expect(taken).to.be.instanceOf(AlreadyExistsError);
    expect((taken as Error).message).to.equal('deployment "churn-api" already exists');
    const missing = await server.serving
      .createDeployment({ name: 'x', model: 'churn', version: 9 }, server.call)
      .catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(NotFoundError);
    expect((await server.serving.listDeployments({}, server.call)).map((d) => d.deployment)).to.deep.equal([
      'churn-api',
    ]);
  });

  it('deletes a deployment: predictions and reads then fail with NotFound', async () => {
    await server.serving.createDeployment({ name: 'temp', model: 'churn', version: 1 }, server.call);
    await server.serving.deleteDeployment('temp', server.call);
    const err = await server.serving.predict('temp', x(1, 1), server.call).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(NotFoundError);
    expect((err as Error).message).to.equal('deployment "temp" does not exist');
    const read = await server.serving.getDeployment('temp', server.call).catch((e: unknown) => e);
    expect(read).to.be.instanceOf(NotFoundError);
    expect(resources).to.deep.equal([
      'created deployment churn-api by alice',
      'created deployment temp by system',
      'deleted deployment temp',
    ]);
  });
});

describe('deployments across environments and restarts', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serving-restart-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('requires a version to pass through the previous environment, then reloads deployments at start', async () => {
    const first = await startServingServer({ dir, options: { promotionOrder: true } });
    try {
      await registerOnnxModel(first, 'fraud', modelOfVersion(1));
      const err = await first.serving
        .createDeployment({ name: 'fraud-prod', model: 'fraud', version: 1, environment: 'prod' }, first.call)
        .catch((e: unknown) => e);
      expect(err).to.be.instanceOf(FailedPreconditionError);
      expect((err as Error).message).to.equal(
        'fraud/1 cannot be deployed to prod: no deployment in staging has served it',
      );
      await first.serving.createDeployment({ name: 'fraud-dev', model: 'fraud', version: 1 }, first.call);
      await first.serving.createDeployment(
        { name: 'fraud-staging', model: 'fraud', version: 1, environment: 'staging' },
        first.call,
      );
      const prod = await first.serving.createDeployment(
        { name: 'fraud-prod', model: 'fraud', version: 1, environment: 'prod' },
        first.call,
      );
      expect(prod).to.include({ environment: 'prod', state: 'ready' });
      const staging = await first.serving.listDeployments({ environment: 'staging' }, first.call);
      expect(staging.map((d) => d.deployment)).to.deep.equal(['fraud-staging']);
    } finally {
      await first.stop();
    }
    const second = await startServingServer({ dir, options: { promotionOrder: true } });
    try {
      const all = await second.serving.listDeployments({}, second.call);
      expect(all.map((d) => [d.deployment, d.state, d.version])).to.deep.equal([
        ['fraud-dev', 'ready', 1],
        ['fraud-prod', 'ready', 1],
        ['fraud-staging', 'ready', 1],
      ]);
      const answer = await second.serving.predict('fraud-prod', x(1, 0), second.call);
      expect(answer.outputs[0]!.data[0]).to.be.closeTo(sigmoid(1), 1e-6);
    } finally {
      await second.stop();
    }
  });
});

describe('a deployment whose model cannot load', () => {
  it('answers predictions with UnavailableError naming the failure after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'serving-broken-'));
    try {
      const first = await startServingServer({ dir });
      await registerOnnxModel(first, 'gone', modelOfVersion(1));
      await first.serving.createDeployment({ name: 'gone', model: 'gone', version: 1 }, first.call);
      await first.stop();
      await rm(join(dir, 'blobs', 'objects'), { recursive: true });
      const second = await startServingServer({ dir });
      try {
        const d = await second.serving.getDeployment('gone', second.call);
        expect(d.state).to.equal('failed');
        const err = await second.serving.predict('gone', x(1, 1), second.call).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(UnavailableError);
        expect((err as Error).message).to.match(
          /^deployment "gone" is not ready: its model failed to load: /,
        );
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
