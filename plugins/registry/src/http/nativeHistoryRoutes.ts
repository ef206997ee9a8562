import type { HistoryQuery, Registry, RouteDefinition, TransitionRecord } from '@mlops/plugin-api';
import { modelPermission } from './modelPermission.js';
import { nativeRoute } from './nativeRoute.js';
import { modelNameParam, nativeHistoryRecordSchema, pageTokenParam } from './nativeSchemas.js';

const nameParams = { type: 'object', properties: { name: modelNameParam }, required: ['name'] };
const time = { type: 'integer', minimum: 0, maximum: 8640000000000000 };

/** A history entry as the native API sends it. */
function toNativeRecord(r: TransitionRecord) {
  return {
    id: r.id,
    model: r.model,
    kind: r.kind,
    version: r.version,
    ...(r.alias === undefined ? {} : { alias: r.alias }),
    from: r.from,
    to: r.to,
    ...(r.reason === undefined ? {} : { reason: r.reason }),
    principal: r.principal,
    at: r.at,
  };
}

interface HistoryParams {
  readonly version?: number;
  readonly kind?: TransitionRecord['kind'];
  readonly alias?: string;
  readonly since?: number;
  readonly until?: number;
  readonly max_results?: number;
  readonly page_token?: string;
}

/**
 * A model's history: `GET /api/v1/models/:name/history` (every stage transition, alias move,
 * deletion and restoration, oldest first, cursor-paged) and `GET .../history/version-at` (which
 * version held a stage or `@alias` at a time).
 */
export function nativeHistoryRoutes(registry: Registry): RouteDefinition[] {
  const routes: RouteDefinition[] = [
    {
      method: 'GET',
      path: '/api/v1/models/:name/history',
      summary: "A model's stage transitions, alias moves, deletions and restorations, oldest first",
      permission: modelPermission('READ'),
      schema: {
        params: nameParams,
        query: {
          type: 'object',
          properties: {
            version: { type: 'integer', minimum: 1 },
            kind: { type: 'string', enum: ['stage', 'alias', 'deleted', 'restored'] },
            alias: { type: 'string', minLength: 1, maxLength: 255 },
            since: time,
            until: time,
            max_results: { type: 'integer', minimum: 1, maximum: 10000 },
            page_token: pageTokenParam,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              records: { type: 'array', items: nativeHistoryRecordSchema },
              next_page_token: { type: 'string' },
            },
          },
        },
      },
      async handler({ params, query, call }) {
        const q = query as HistoryParams;
        const historyQuery: HistoryQuery = {
          model: params.name!,
          ...(q.version === undefined ? {} : { version: q.version }),
          ...(q.kind === undefined ? {} : { kind: q.kind }),
          ...(q.alias === undefined ? {} : { alias: q.alias }),
          ...(q.since === undefined ? {} : { since: q.since }),
          ...(q.until === undefined ? {} : { until: q.until }),
          ...(q.max_results === undefined ? {} : { maxResults: q.max_results }),
          ...(q.page_token === undefined ? {} : { pageToken: q.page_token }),
        };
        const page = await registry.history(historyQuery, call);
        return {
          records: page.items.map(toNativeRecord),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/models/:name/history/version-at',
      summary: 'Which version held a stage (Production) or an alias (@champion) at a time (epoch ms)',
      permission: modelPermission('READ'),
      schema: {
        params: nameParams,
        query: {
          type: 'object',
          properties: { target: { type: 'string', minLength: 1, maxLength: 256 }, timestamp: time },
          required: ['target', 'timestamp'],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              target: { type: 'string' },
              timestamp: { type: 'integer' },
              version: { type: ['integer', 'null'] },
            },
          },
        },
      },
      async handler({ params, query, call }) {
        const { target, timestamp } = query as { target: string; timestamp: number };
        const version = await registry.versionAt(params.name!, target, timestamp, call);
        return { name: params.name, target, timestamp, version };
      },
    },
  ];
  return routes.map(nativeRoute);
}
