import {
  type AbComparison,
  type AbTest,
  type AbTestReport,
  type HttpRequest,
  isMlopsError,
  type NewAbTest,
  type RouteDefinition,
  type Serving,
} from '@mlops/plugin-api';
import { deploymentPermission } from './deploymentPermission.js';
import {
  abTestParams,
  deploymentNameParams,
  newAbTestBody,
  outcomeBody,
  reasonBody,
} from './trafficSchemas.js';

const wireNames: Record<string, string> = {
  minimumDetectableEffect: 'minimum_detectable_effect',
  standardDeviation: 'standard_deviation',
  requestId: 'request_id',
};

/** Errors name the request's fields (`request_id`), not the port's. */
function withWireFields(err: unknown): unknown {
  if (!isMlopsError(err) || typeof err.details.field !== 'string') return err;
  const wire = wireNames[err.details.field];
  if (wire !== undefined) (err.details as { field: string }).field = wire;
  return err;
}

/** NaN (a relative effect over a zero mean) is `null` in JSON. */
const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** An A/B test in the native API: snake_case, unset fields left out. */
export function toNativeAbTest(t: AbTest): Record<string, unknown> {
  return {
    id: t.id,
    name: t.deployment,
    metric: t.metric,
    goal: t.goal,
    arms: t.arms.map((a) => ({ name: a.name, version: a.version, weight: a.weight })),
    baseline: t.baseline,
    minimum_detectable_effect: t.minimumDetectableEffect,
    ...(t.standardDeviation === undefined ? {} : { standard_deviation: t.standardDeviation }),
    alpha: t.alpha,
    power: t.power,
    sample_size_per_arm: t.sampleSizePerArm,
    status: t.status,
    ...(t.statusReason === undefined ? {} : { status_reason: t.statusReason }),
    ...(t.winner === undefined ? {} : { winner: t.winner }),
    started_by: t.startedBy,
    started_timestamp: t.startedAt,
    ...(t.endedAt === undefined ? {} : { ended_timestamp: t.endedAt }),
  };
}

const toNativeComparison = (c: AbComparison) => ({
  arm: c.arm,
  control: c.control,
  effect: c.effect,
  relative_effect: finite(c.relativeEffect),
  standardized_effect: finite(c.standardizedEffect),
  statistic: finite(c.statistic),
  p_value: c.pValue,
  confidence_interval: c.confidenceInterval,
  significant: c.significant,
});

/** A report in the native API. */
export function toNativeAbReport(r: AbTestReport): Record<string, unknown> {
  return {
    experiment: toNativeAbTest(r.test),
    arms: r.arms.map((a) => ({
      name: a.name,
      version: a.version,
      assigned: a.assigned,
      outcomes: a.outcomes,
      mean: a.mean,
      standard_deviation: a.standardDeviation,
    })),
    alpha_per_comparison: r.alphaPerComparison,
    enough_data: r.enoughData,
    conclusion: r.conclusion,
    comparisons: r.comparisons.map(toNativeComparison),
    ...(r.winner === undefined ? {} : { winner: r.winner }),
  };
}

function route(definition: Omit<RouteDefinition, 'tags' | 'errorStyle'>): RouteDefinition {
  return {
    ...definition,
    tags: ['serving'],
    errorStyle: 'native',
    async handler(request: HttpRequest) {
      try {
        return await definition.handler(request);
      } catch (err) {
        throw withWireFields(err);
      }
    },
  };
}

type Body = Record<string, unknown>;
const reasonOf = (request: HttpRequest) => {
  const reason = (request.body as Body | undefined)?.reason;
  return typeof reason === 'string' ? { reason } : {};
};

/**
 * A/B tests of a deployment under `/api/v1/deployments/{name}/experiments`: start and list, one
 * test, outcomes posted per request id, the report, the decision, and ending without one.
 */
export function trafficRoutes(serving: Serving): RouteDefinition[] {
  const base = '/api/v1/deployments/:name/experiments';
  return [
    route({
      method: 'POST',
      path: base,
      summary: 'Start an A/B test between versions of the deployed model',
      permission: deploymentPermission('EDIT'),
      schema: { params: deploymentNameParams, body: newAbTestBody },
      async handler(request) {
        const b = request.body as Body;
        const input: NewAbTest = {
          metric: b.metric as NewAbTest['metric'],
          arms: b.arms as NewAbTest['arms'],
          baseline: b.baseline as number,
          minimumDetectableEffect: b.minimum_detectable_effect as number,
          ...(b.standard_deviation === undefined
            ? {}
            : { standardDeviation: b.standard_deviation as number }),
          ...(b.alpha === undefined ? {} : { alpha: b.alpha as number }),
          ...(b.power === undefined ? {} : { power: b.power as number }),
          ...(b.goal === undefined ? {} : { goal: b.goal as NewAbTest['goal'] }),
        };
        const test = await serving.startAbTest(request.params.name!, input, request.call);
        return {
          status: 201,
          headers: {
            Location: `/api/v1/deployments/${encodeURIComponent(test.deployment)}/experiments/${test.id}`,
          },
          body: { experiment: toNativeAbTest(test) },
        };
      },
    }),
    route({
      method: 'GET',
      path: base,
      summary: "The deployment's A/B tests, newest first",
      permission: deploymentPermission('READ'),
      schema: { params: deploymentNameParams },
      async handler(request) {
        const tests = await serving.listAbTests(request.params.name!, request.call);
        return { experiments: tests.map(toNativeAbTest) };
      },
    }),
    route({
      method: 'GET',
      path: `${base}/:id`,
      summary: 'One A/B test',
      permission: deploymentPermission('READ'),
      schema: { params: abTestParams },
      async handler(request) {
        const test = await serving.getAbTest(request.params.name!, request.params.id!, request.call);
        return { experiment: toNativeAbTest(test) };
      },
    }),
    route({
      method: 'POST',
      path: `${base}/:id/outcomes`,
      summary: 'Post the outcome of a request the A/B test assigned (0 or 1 for a rate)',
      permission: deploymentPermission('EDIT'),
      schema: { params: abTestParams, body: outcomeBody },
      async handler(request) {
        const b = request.body as { request_id: string; value: number };
        await serving.recordAbOutcome(
          request.params.name!,
          request.params.id!,
          { requestId: b.request_id, value: b.value },
          request.call,
        );
        return { status: 204 };
      },
    }),
    route({
      method: 'GET',
      path: `${base}/:id/report`,
      summary: 'Per-arm counts; effect, interval and p-value once the sample size is reached',
      permission: deploymentPermission('READ'),
      schema: { params: abTestParams },
      async handler(request) {
        return toNativeAbReport(
          await serving.abTestReport(request.params.name!, request.params.id!, request.call),
        );
      },
    }),
    route({
      method: 'POST',
      path: `${base}/:id/decision`,
      summary: 'End the A/B test on its report, rolling out a winner other than the control',
      permission: deploymentPermission('EDIT'),
      schema: { params: abTestParams, body: reasonBody },
      async handler(request) {
        const report = await serving.decideAbTest(
          request.params.name!,
          request.params.id!,
          reasonOf(request),
          request.call,
        );
        return toNativeAbReport(report);
      },
    }),
    route({
      method: 'POST',
      path: `${base}/:id/end`,
      summary: 'End the A/B test without a decision',
      permission: deploymentPermission('EDIT'),
      schema: { params: abTestParams, body: reasonBody },
      async handler(request) {
        const test = await serving.endAbTest(
          request.params.name!,
          request.params.id!,
          reasonOf(request),
          request.call,
        );
        return { experiment: toNativeAbTest(test) };
      },
    }),
  ];
}

/**
 * The traffic options of a prediction request: its sticky key, from the `x-request-key` header.
 * Experiments and A/B tests route by it (else by the request id).
 */
export function requestKeyOf(request: HttpRequest): { requestKey?: string } {
  const key = request.headers['x-request-key'];
  return typeof key === 'string' && key !== '' ? { requestKey: key } : {};
}
