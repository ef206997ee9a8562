import type { RouteDefinition, Serving, TrafficArmStats, TrafficExperiment } from '@mlops/plugin-api';
import { deploymentPermission } from './deploymentPermission.js';

const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 } },
} as const;

const arm = (a: TrafficArmStats) => ({
  version: a.version,
  requests: a.requests,
  errors: a.errors,
  p50_ms: a.p50Ms,
  p99_ms: a.p99Ms,
});

/** An experiment in the native API: snake_case, unset fields left out. */
export function toNativeExperiment(e: TrafficExperiment): Record<string, unknown> {
  return {
    name: e.deployment,
    kind: e.kind,
    version: e.version,
    percent: e.percent,
    ...(e.stickyBy === undefined ? {} : { sticky_by: e.stickyBy }),
    ...(e.maxErrorRate === undefined ? {} : { max_error_rate: e.maxErrorRate }),
    ...(e.maxLatencyMs === undefined ? {} : { max_latency_ms: e.maxLatencyMs }),
    min_requests: e.minRequests,
    ...(e.maxErrorRateIncrease === undefined ? {} : { max_error_rate_increase: e.maxErrorRateIncrease }),
    ...(e.maxLatencyRatio === undefined ? {} : { max_latency_ratio: e.maxLatencyRatio }),
    steps: e.steps,
    step: e.step,
    step_min_requests: e.stepMinRequests,
    step_min_ms: e.stepMinMs,
    shadow_concurrency: e.shadowConcurrency,
    ...(e.shadowDropped === undefined ? {} : { shadow_dropped: e.shadowDropped }),
    status: e.status,
    ...(e.statusReason === undefined ? {} : { status_reason: e.statusReason }),
    started_by: e.startedBy,
    started_timestamp: e.startedAt,
    ...(e.champion === undefined ? {} : { champion: arm(e.champion) }),
    ...(e.challenger === undefined ? {} : { challenger: arm(e.challenger) }),
  };
}

/** Canary and shadow experiments of a deployment, under `/api/v1/deployments/{name}/experiment`. */
export function experimentRoutes(serving: Serving): RouteDefinition[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/deployments/:name/experiment',
      summary: 'Start a canary or shadow experiment with another version of the model',
      tags: ['serving'],
      permission: deploymentPermission('EDIT'),
      schema: {
        params: nameParams,
        body: {
          type: 'object',
          required: ['kind', 'version'],
          additionalProperties: false,
          properties: {
            kind: { enum: ['canary', 'shadow'] },
            version: { type: 'integer', minimum: 1 },
            percent: { type: 'number', minimum: 0, maximum: 100 },
            sticky_by: { type: 'string', minLength: 1 },
            max_error_rate: { type: 'number', minimum: 0, maximum: 1 },
            max_latency_ms: { type: 'number', exclusiveMinimum: 0 },
            min_requests: { type: 'integer', minimum: 1 },
            max_error_rate_increase: { type: 'number', minimum: 0, maximum: 1 },
            max_latency_ratio: { type: 'number', exclusiveMinimum: 1 },
            steps: { type: 'array', items: { type: 'number', exclusiveMinimum: 0, maximum: 100 } },
            step_min_requests: { type: 'integer', minimum: 1 },
            step_min_ms: { type: 'number', minimum: 0 },
            shadow_concurrency: { type: 'integer', minimum: 1 },
          },
        },
      },
      async handler(request) {
        const b = request.body as Record<string, unknown>;
        const experiment = await serving.startExperiment(
          request.params.name!,
          {
            kind: b.kind as 'canary' | 'shadow',
            version: b.version as number,
            ...(b.percent === undefined ? {} : { percent: b.percent as number }),
            ...(b.sticky_by === undefined ? {} : { stickyBy: b.sticky_by as string }),
            ...(b.max_error_rate === undefined ? {} : { maxErrorRate: b.max_error_rate as number }),
            ...(b.max_latency_ms === undefined ? {} : { maxLatencyMs: b.max_latency_ms as number }),
            ...(b.min_requests === undefined ? {} : { minRequests: b.min_requests as number }),
            ...(b.max_error_rate_increase === undefined
              ? {}
              : { maxErrorRateIncrease: b.max_error_rate_increase as number }),
            ...(b.max_latency_ratio === undefined ? {} : { maxLatencyRatio: b.max_latency_ratio as number }),
            ...(b.steps === undefined ? {} : { steps: b.steps as number[] }),
            ...(b.step_min_requests === undefined ? {} : { stepMinRequests: b.step_min_requests as number }),
            ...(b.step_min_ms === undefined ? {} : { stepMinMs: b.step_min_ms as number }),
            ...(b.shadow_concurrency === undefined
              ? {}
              : { shadowConcurrency: b.shadow_concurrency as number }),
          },
          request.call,
        );
        return { status: 201, body: { experiment: toNativeExperiment(experiment) } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/deployments/:name/experiment',
      summary: "The deployment's latest experiment, with each side's counts while it runs",
      tags: ['serving'],
      permission: deploymentPermission('READ'),
      schema: { params: nameParams },
      async handler(request) {
        return {
          experiment: toNativeExperiment(await serving.getExperiment(request.params.name!, request.call)),
        };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/deployments/:name/experiment/end',
      summary: 'End the running experiment, promoting the challenger or not',
      tags: ['serving'],
      permission: deploymentPermission('EDIT'),
      schema: {
        params: nameParams,
        body: {
          type: 'object',
          required: ['promote'],
          additionalProperties: false,
          properties: { promote: { type: 'boolean' }, reason: { type: 'string' } },
        },
      },
      async handler(request) {
        const b = request.body as { promote: boolean; reason?: string };
        const ended = await serving.endExperiment(
          request.params.name!,
          { promote: b.promote, ...(b.reason === undefined ? {} : { reason: b.reason }) },
          request.call,
        );
        return { experiment: toNativeExperiment(ended) };
      },
    },
  ];
}
