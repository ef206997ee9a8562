import type { RouteDefinition, Tracking } from '@mlops/plugin-api';
import { nativeRoute } from './nativeRoute.js';
import { nativeSchemas as s } from './nativeSchemas.js';
import { toNativeJson } from './toNativeJson.js';
import { runsPermission } from './trackingPermissions.js';

const doubleOut = { anyOf: [{ type: 'number' }, { type: 'string' }] };
const groupOut = { type: 'object', properties: { n: { type: 'integer' }, mean: doubleOut, sd: doubleOut } };

/**
 * The native API's comparisons: runs side by side (`POST /api/v1/runs/compare`) and two groups of
 * runs on a metric with Welch's t-test (`POST /api/v1/runs/compare-groups`). Every listed run
 * must be readable.
 */
export function nativeComparisonRoutes(tracking: Tracking): RouteDefinition[] {
  return [
    nativeRoute({
      method: 'POST',
      path: '/api/v1/runs/compare',
      summary: 'Params and latest metrics of up to 1000 runs side by side (null where a run lacks one)',
      permission: runsPermission('READ', (request) => (request.body as { run_ids: unknown[] }).run_ids),
      schema: {
        body: s.compare,
        response: {
          200: {
            type: 'object',
            properties: {
              runs: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { run_id: { type: 'string' }, run_name: { type: 'string' } },
                },
              },
              params: { type: 'array', items: { type: 'object' } },
              metrics: { type: 'array', items: { type: 'object' } },
            },
          },
        },
      },
      async handler(request) {
        const { run_ids: runIds } = request.body as { run_ids: string[] };
        return {
          status: 200,
          body: toNativeJson.comparison(await tracking.compareRuns(runIds, request.call)),
        };
      },
    }),
    nativeRoute({
      method: 'POST',
      path: '/api/v1/runs/compare-groups',
      summary: "Welch's t-test of a metric's latest values between two groups of runs",
      permission: runsPermission('READ', (request) => {
        const { a, b } = request.body as { a: unknown[]; b: unknown[] };
        return [...a, ...b];
      }),
      schema: {
        body: s.compareGroups,
        response: {
          200: {
            type: 'object',
            properties: {
              metric: { type: 'string' },
              a: groupOut,
              b: groupOut,
              t: doubleOut,
              df: doubleOut,
              p_value: doubleOut,
              mean_difference: doubleOut,
              confidence_interval: { type: 'array', items: doubleOut },
              confidence_level: { type: 'number' },
              effect_size: doubleOut,
            },
          },
        },
      },
      async handler(request) {
        const b = request.body as { metric: string; a: string[]; b: string[]; confidence_level?: number };
        const comparison = await tracking.compareRunGroups(
          {
            metric: b.metric,
            a: b.a,
            b: b.b,
            ...(b.confidence_level === undefined ? {} : { confidenceLevel: b.confidence_level }),
          },
          request.call,
        );
        return { status: 200, body: toNativeJson.groupComparison(comparison) };
      },
    }),
  ];
}
