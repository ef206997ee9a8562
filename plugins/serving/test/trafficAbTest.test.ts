import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AbTestReport,
  BeforeDeploymentRollout,
  definePlugin,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  veto,
} from '@mlops/plugin-api';
import { logisticRegressionModel } from '@mlops/test-models';
import { expect } from 'chai';
import { abSampleSize } from '../src/traffic/abSampleSize.js';
import { twoProportionZTest } from '../src/traffic/twoProportionZTest.js';
import { abReference } from './fixtures/abReference.js';
import { send } from './http.js';
import { registerOnnxModel, type ServingServer, startServingServer } from './servingServer.js';

const { rate, mean } = abReference;

/** Relative closeness, as the fixture promises (1e-9). */
function close(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).to.be.at.most(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

const x = (id: string) => ({
  id,
  inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 2], data: [0.25, 0.5] }],
});

/** A gate the test arms: it vetoes rollouts to `version` while `on`. */
const gate = { on: false, version: 0 };
const gatePlugin = definePlugin({
  name: 'ab-gate',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  setup(ctx) {
    ctx.hooks.intercept(BeforeDeploymentRollout, async (rollout) =>
      gate.on && rollout.to.version === gate.version ? veto('frozen for the quarter') : undefined,
    );
  },
});

describe('traffic: A/B tests', () => {
  let server: ServingServer;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serving-ab-'));
    server = await startServingServer({ dir, after: [gatePlugin()] });
    for (const n of [1, 2, 3]) await registerOnnxModel(server, 'shop', logisticRegressionModel([n, n], 0));
    await server.registry.setAlias({ model: 'shop', version: 1 }, 'champion', {}, server.call);
    await server.serving.createDeployment({ name: 'shop', model: 'shop', alias: 'champion' }, server.call);
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('computes the fixed-horizon sample size as the textbook formulas (Fleiss for rates)', () => {
    for (const s of abReference.sampleSizes) {
      const n = abSampleSize({
        metric: s.metric,
        baseline: s.baseline,
        minimumDetectableEffect: s.mde,
        ...(s.sd === undefined ? {} : { standardDeviation: s.sd }),
        alpha: s.alpha,
        power: s.power,
        ...(s.goal === undefined ? {} : { goal: s.goal }),
      });
      expect(n, JSON.stringify(s)).to.equal(s.n);
    }
    expect(abReference.sampleSizes.map((s) => s.n)).to.deep.equal([3841, 2966, 883]);
  });

  it('agrees with scipy on the two-proportion z-test', () => {
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    const z = twoProportionZTest(
      sum(rate.control),
      rate.control.length,
      sum(rate.treatment),
      rate.treatment.length,
      0.95,
    );
    close(z.statistic, rate.expected.statistic, 'z');
    close(z.pValue, rate.expected.pValue, 'p');
    close(z.pValue, rate.expected.chi2ContingencyPValue, 'p vs chi2_contingency');
    close(z.confidenceInterval[0], rate.expected.confidenceInterval[0], 'ci low');
    close(z.cohenH, rate.expected.cohenH, 'h');
  });

  it('runs a rate A/B test over HTTP: assignments, outcomes, "not enough data" until the horizon, a report as scipy, a promotion', async () => {
    const started = await send(`${server.url}/api/v1/deployments/shop/experiments`, 'POST', {
      metric: 'rate',
      arms: [
        { name: 'control', version: 1, weight: 1 },
        { name: 'bigger', version: 2, weight: 1 },
      ],
      baseline: rate.design.baseline,
      minimum_detectable_effect: rate.design.mde,
    });
    expect(started.status).to.equal(201);
    const test = (started.body as { experiment: Record<string, unknown> }).experiment;
    expect(test).to.deep.include({
      status: 'running',
      sample_size_per_arm: rate.sampleSizePerArm,
      alpha: 0.05,
      power: 0.8,
    });
    const id = test.id as string;
    expect(started.headers.get('location')).to.equal(`/api/v1/deployments/shop/experiments/${id}`);

    const second = await server.serving
      .startExperiment('shop', { kind: 'canary', version: 3 }, server.call)
      .catch((e: unknown) => e);
    expect((second as Error).message).to.equal(`deployment "shop" already runs A/B test ${id}`);

    // Requests until each arm has had enough of them; the answering version is the arm's.
    const byArm: Record<'control' | 'bigger', string[]> = { control: [], bigger: [] };
    for (
      let i = 0;
      byArm.control.length < rate.control.length || byArm.bigger.length < rate.treatment.length;
      i++
    ) {
      const answer = await server.serving.predict('shop', x(`order-${i}`), server.call);
      expect(answer.id).to.equal(`order-${i}`);
      byArm[answer.modelVersion === '1' ? 'control' : 'bigger'].push(`order-${i}`);
    }
    // Over HTTP, the request id is x-request-id, and x-request-key keeps a caller on one arm.
    const sides = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const answer = await send(
        `${server.url}/v2/models/shop/infer`,
        'POST',
        { inputs: x('').inputs },
        {
          'x-request-id': `http-${i}`,
          'x-request-key': 'customer-42',
        },
      );
      expect(answer.status).to.equal(200);
      expect((answer.body as { id: string }).id).to.equal(`http-${i}`);
      sides.add((answer.body as { model_version: string }).model_version);
    }
    expect(sides.size).to.equal(1);

    const post = (requestId: string, value: number) =>
      send(`${server.url}/api/v1/deployments/shop/experiments/${id}/outcomes`, 'POST', {
        request_id: requestId,
        value,
      });
    for (const [i, value] of rate.control.entries())
      expect((await post(byArm.control[i]!, value)).status).to.equal(204);
    for (const [i, value] of rate.treatment.slice(0, 100).entries()) await post(byArm.bigger[i]!, value);

    const early = (await send(`${server.url}/api/v1/deployments/shop/experiments/${id}/report`))
      .body as Record<string, unknown>;
    expect(early).to.deep.include({
      enough_data: false,
      conclusion: `not enough data: arm "bigger" has 100 of the ${rate.sampleSizePerArm} outcomes each arm needs`,
      comparisons: [],
    });
    const tooSoon = await send(
      `${server.url}/api/v1/deployments/shop/experiments/${id}/decision`,
      'POST',
      {},
    );
    expect(tooSoon.status).to.equal(409);
    expect((tooSoon.body as { message: string }).message).to.equal(early.conclusion);

    for (const [i, value] of rate.treatment.entries()) if (i >= 100) await post(byArm.bigger[i]!, value);
    // A retry with the same value is fine; another value, an unknown request or a non-rate value are not.
    expect((await post(byArm.bigger[0]!, rate.treatment[0]!)).status).to.equal(204);
    const changed = await post(byArm.bigger[0]!, 1 - rate.treatment[0]!);
    expect(changed.status).to.equal(409);
    expect(changed.body).to.deep.include({
      error_code: 'CONFLICT',
      message: `request "${byArm.bigger[0]}" already has the outcome ${rate.treatment[0]} in A/B test ${id}`,
    });
    const unknown = await post('never-sent', 1);
    expect(unknown.status).to.equal(404);
    expect(unknown.body).to.deep.include({
      message: `request "never-sent" was not assigned by A/B test ${id}`,
    });
    expect((unknown.body as { details: { field: string } }).details.field).to.equal('request_id');
    const half = await post(byArm.control[0]!, 0.5);
    expect(half.status).to.equal(400);
    expect(half.body).to.deep.include({ message: 'value must be 0 or 1 (a rate metric), got 0.5' });

    const report = (await send(`${server.url}/api/v1/deployments/shop/experiments/${id}/report`)).body as {
      arms: { name: string; assigned: number; outcomes: number; mean: number }[];
      comparisons: Record<string, number & unknown>[];
      enough_data: boolean;
      winner: string;
      conclusion: string;
    };
    expect(report.enough_data).to.equal(true);
    expect(report.arms.map((a) => [a.name, a.outcomes])).to.deep.equal([
      ['control', rate.control.length],
      ['bigger', rate.treatment.length],
    ]);
    expect(report.arms[0]!.assigned + report.arms[1]!.assigned).to.equal(
      byArm.control.length + byArm.bigger.length + 10,
    );
    close(report.arms[0]!.mean, rate.expected.rateControl, 'control rate');
    close(report.arms[1]!.mean, rate.expected.rateTreatment, 'treatment rate');
    const c = report.comparisons[0] as unknown as {
      effect: number;
      statistic: number;
      p_value: number;
      confidence_interval: [number, number];
      standardized_effect: number;
      significant: boolean;
    };
    close(c.effect, rate.expected.effect, 'effect');
    close(c.statistic, rate.expected.statistic, 'z');
    close(c.p_value, rate.expected.pValue, 'p-value');
    close(c.confidence_interval[0], rate.expected.confidenceInterval[0], 'ci low');
    close(c.confidence_interval[1], rate.expected.confidenceInterval[1], 'ci high');
    close(c.standardized_effect, rate.expected.cohenH, "Cohen's h");
    expect(c.significant).to.equal(true);
    expect(report.winner).to.equal('bigger');
    expect(report.conclusion).to.equal(
      `arm "bigger" is significantly better than the control "control" (p = ${rate.expected.pValue.toPrecision(3)})`,
    );

    const decided = await send(
      `${server.url}/api/v1/deployments/shop/experiments/${id}/decision`,
      'POST',
      {},
    );
    expect(decided.status).to.equal(200);
    expect((decided.body as { experiment: Record<string, unknown> }).experiment).to.deep.include({
      status: 'promoted',
      winner: 'bigger',
      status_reason: report.conclusion,
    });
    expect((await server.registry.resolveModelUri('models:/shop@champion', server.call)).version).to.equal(2);
    const deployment = await server.serving.getDeployment('shop', server.call);
    expect(deployment).to.include({ version: 2, reason: `A/B test ${id}: ${report.conclusion}` });
    expect((await server.serving.predict('shop', x('after'), server.call)).modelVersion).to.equal('2');
    const late = await post(byArm.control[1]!, 1);
    expect(late.status).to.equal(409);
    expect(late.body).to.deep.include({ message: `A/B test ${id} is promoted, and takes no more outcomes` });
  });

  it('compares three arms on a mean with Welch and Bonferroni as scipy, and a vetoed promotion keeps the test running', async () => {
    const test = await server.serving.startAbTest(
      'shop',
      {
        metric: 'mean',
        arms: [
          { name: 'A', version: 2, weight: 2 },
          { name: 'B', version: 3, weight: 1 },
          { name: 'C', version: 1, weight: 1 },
        ],
        baseline: mean.design.baseline,
        minimumDetectableEffect: mean.design.mde,
        standardDeviation: mean.design.sd,
      },
      server.call,
    );
    expect(test.sampleSizePerArm).to.equal(mean.sampleSizePerArm);
    const versionArm: Record<string, 'A' | 'B' | 'C'> = { '2': 'A', '3': 'B', '1': 'C' };
    const byArm: Record<'A' | 'B' | 'C', string[]> = { A: [], B: [], C: [] };
    const need = (arm: 'A' | 'B' | 'C') => byArm[arm].length < mean.samples[arm].length;
    for (let i = 0; need('A') || need('B') || need('C'); i++) {
      const answer = await server.serving.predict('shop', x(`basket-${i}`), server.call);
      byArm[versionArm[answer.modelVersion!]!].push(`basket-${i}`);
    }
    // Weights 2:1:1 within binomial tolerance.
    const total = byArm.A.length + byArm.B.length + byArm.C.length;
    expect(byArm.A.length / total).to.be.within(0.4, 0.6);
    for (const arm of ['A', 'B', 'C'] as const) {
      for (const [i, value] of mean.samples[arm].entries()) {
        await server.serving.recordAbOutcome(
          'shop',
          test.id,
          { requestId: byArm[arm][i]!, value },
          server.call,
        );
      }
    }
    const bad = await server.serving
      .recordAbOutcome('shop', test.id, { requestId: byArm.A[0]!, value: Number.NaN }, server.call)
      .catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect((bad as InvalidArgumentError).details.field).to.equal('value');

    const report: AbTestReport = await server.serving.abTestReport('shop', test.id, server.call);
    expect(report.alphaPerComparison).to.equal(0.025);
    for (const [i, arm] of (['A', 'B', 'C'] as const).entries()) {
      close(report.arms[i]!.mean, mean.means[arm], `mean ${arm}`);
      close(report.arms[i]!.standardDeviation, mean.sds[arm], `sd ${arm}`);
    }
    for (const [i, arm] of (['B', 'C'] as const).entries()) {
      const got = report.comparisons[i]!;
      const want = mean.comparisons[arm];
      expect(got.arm).to.equal(arm);
      close(got.effect, want.effect, `${arm} effect`);
      close(got.statistic, want.statistic, `${arm} t`);
      close(got.pValue, want.pValue, `${arm} p`);
      close(got.confidenceInterval[0], want.confidenceInterval[0], `${arm} ci low`);
      close(got.confidenceInterval[1], want.confidenceInterval[1], `${arm} ci high`);
    }
    expect(report.comparisons.map((c) => c.significant)).to.deep.equal([true, false]);
    expect(report.winner).to.equal('B');

    gate.on = true;
    gate.version = 3;
    const vetoed = await server.serving
      .decideAbTest('shop', test.id, {}, server.call)
      .catch((e: unknown) => e);
    expect(vetoed).to.be.instanceOf(FailedPreconditionError);
    expect((vetoed as Error).message).to.equal(
      'rollout of deployment "shop" to shop/3 refused by ab-gate: frozen for the quarter',
    );
    expect((await server.serving.getAbTest('shop', test.id, server.call)).status).to.equal('running');
    expect((await server.registry.resolveModelUri('models:/shop@champion', server.call)).version).to.equal(2);
    gate.on = false;
    // The test still routes traffic to its arms, each model loaded.
    const versions = new Set<string>();
    for (let i = 0; i < 40; i++)
      versions.add((await server.serving.predict('shop', x(`again-${i}`), server.call)).modelVersion!);
    expect([...versions].sort()).to.deep.equal(['1', '2', '3']);

    const ended = await server.serving.endAbTest('shop', test.id, { reason: 'budget' }, server.call);
    expect(ended).to.include({ status: 'ended', statusReason: 'budget' });
    expect((await server.serving.getDeployment('shop', server.call)).version).to.equal(2);
    for (let i = 0; i < 20; i++) {
      expect((await server.serving.predict('shop', x(`post-${i}`), server.call)).modelVersion).to.equal('2');
    }
    const list = await server.serving.listAbTests('shop', server.call);
    expect(list.map((t) => t.status)).to.deep.equal(['ended', 'promoted']);
  });

  it('keeps a running test, its assignments and its arms across a restart', async () => {
    const test = await server.serving.startAbTest(
      'shop',
      {
        metric: 'rate',
        arms: [
          { name: 'now', version: 2, weight: 1 },
          { name: 'next', version: 3, weight: 1 },
        ],
        baseline: 0.2,
        minimumDetectableEffect: 0.1,
      },
      server.call,
    );
    const before = await server.serving.predict('shop', x('before-restart'), server.call);
    await server.stop();
    server = await startServingServer({ dir, after: [gatePlugin()] });
    expect((await server.serving.getAbTest('shop', test.id, server.call)).status).to.equal('running');
    await server.serving.recordAbOutcome(
      'shop',
      test.id,
      { requestId: 'before-restart', value: 1 },
      server.call,
    );
    const report = await server.serving.abTestReport('shop', test.id, server.call);
    const arm = before.modelVersion === '2' ? 'now' : 'next';
    expect(report.arms.find((a) => a.name === arm)).to.include({ assigned: 1, outcomes: 1, mean: 1 });
    const versions = new Set<string>();
    for (let i = 0; i < 40; i++)
      versions.add((await server.serving.predict('shop', x(`r-${i}`), server.call)).modelVersion!);
    expect([...versions].sort()).to.deep.equal(['2', '3']);
    await server.serving.endAbTest('shop', test.id, {}, server.call);
  });

  it('refuses bad designs naming the field, and unknown tests', async () => {
    const attempt = (body: Record<string, unknown>) =>
      send(`${server.url}/api/v1/deployments/shop/experiments`, 'POST', {
        metric: 'rate',
        arms: [
          { name: 'a', version: 2, weight: 1 },
          { name: 'b', version: 3, weight: 1 },
        ],
        baseline: 0.9,
        minimum_detectable_effect: 0.05,
        ...body,
      });
    const overflow = await attempt({ minimum_detectable_effect: 0.2 });
    expect(overflow.status).to.equal(400);
    expect(overflow.body).to.deep.include({
      message: 'minimumDetectableEffect takes the rate from 0.9 to 1.1, outside 0 to 1',
    });
    expect((overflow.body as { details: { field: string } }).details.field).to.equal(
      'minimum_detectable_effect',
    );
    const twice = await attempt({
      arms: [
        { name: 'a', version: 2, weight: 1 },
        { name: 'b', version: 2, weight: 1 },
      ],
    });
    expect(twice.status).to.equal(400);
    expect(twice.body).to.deep.include({ message: 'arms/1/version 2 is served by two arms' });
    const noSd = await server.serving
      .startAbTest(
        'shop',
        {
          metric: 'mean',
          arms: [
            { name: 'a', version: 2, weight: 1 },
            { name: 'b', version: 3, weight: 1 },
          ],
          baseline: 1,
          minimumDetectableEffect: 1,
        },
        server.call,
      )
      .catch((e: unknown) => e);
    expect((noSd as InvalidArgumentError).details.field).to.equal('standardDeviation');
    const missing = await server.serving.getAbTest('shop', 'nope', server.call).catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(NotFoundError);
    expect((missing as Error).message).to.equal('deployment "shop" has no A/B test "nope"');
  });
});
