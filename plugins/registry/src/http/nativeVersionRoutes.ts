import type {
  ModelVersionUpdate,
  NewModelVersion,
  Registry,
  RouteDefinition,
  ViewType,
} from '@mlops/plugin-api';
import { listField } from './listField.js';
import { modelPermission } from './modelPermission.js';
import { nativeRoute } from './nativeRoute.js';
import {
  modelNameParam,
  nativeVersionSchema,
  pageTokenParam,
  tagsInput,
  versionParam,
  viewTypeParam,
} from './nativeSchemas.js';
import { nativeVersionPath, toNativeVersion } from './toNativeVersion.js';
import { pathRef, versionAnswer } from './versionAnswer.js';
import { ifMatchRevision } from './versionETag.js';

const versionParams = {
  type: 'object',
  properties: { name: modelNameParam, version: versionParam },
  required: ['name', 'version'],
};
const tagParams = {
  type: 'object',
  properties: {
    name: modelNameParam,
    version: versionParam,
    key: { type: 'string', minLength: 1, maxLength: 250 },
  },
  required: ['name', 'version', 'key'],
};
const versionResponse = { 200: nativeVersionSchema };

/** `name = '<model>'` in the filter language, quoted so that any name stays one string. */
function nameCondition(model: string): string {
  return `name = '${model.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

interface VersionsQuery {
  readonly filter?: string;
  readonly order_by?: string | string[];
  readonly max_results?: number;
  readonly page_token?: string;
  readonly view_type?: ViewType;
}

/**
 * The native API's model versions: list (filtered, cursor-paged) and create (201, `Location`,
 * `ETag`) under `/api/v1/models/:name/versions`; get, PATCH and DELETE of `.../:version` (with
 * `If-Match` honoured); restore; and version tags.
 */
export function nativeVersionRoutes(registry: Registry): RouteDefinition[] {
  const routes: RouteDefinition[] = [
    {
      method: 'GET',
      path: '/api/v1/models/:name/versions',
      summary: "List a model's versions (filter language, order_by, cursor pagination)",
      permission: modelPermission('READ'),
      schema: {
        params: { type: 'object', properties: { name: modelNameParam }, required: ['name'] },
        query: {
          type: 'object',
          properties: {
            filter: { type: 'string', maxLength: 10000 },
            order_by: { type: 'array', items: { type: 'string' }, maxItems: 10 },
            max_results: { type: 'integer', minimum: 1, maximum: 10000 },
            page_token: pageTokenParam,
            view_type: viewTypeParam,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              versions: { type: 'array', items: nativeVersionSchema },
              next_page_token: { type: 'string' },
            },
          },
        },
      },
      async handler({ params, query, call }) {
        const q = query as VersionsQuery;
        const model = params.name!;
        const filter = q.filter?.trim() ? `${nameCondition(model)} AND (${q.filter})` : nameCondition(model);
        const orderBy = listField(q.order_by);
        const page = await registry.searchVersions(
          {
            filter,
            ...(orderBy === undefined ? {} : { orderBy }),
            ...(q.max_results === undefined ? {} : { maxResults: q.max_results }),
            ...(q.page_token === undefined ? {} : { pageToken: q.page_token }),
            ...(q.view_type === undefined ? {} : { viewType: q.view_type }),
          },
          call,
        );
        // An empty list of an unknown model is a 404, not an empty page.
        if (page.items.length === 0 && q.page_token === undefined) await registry.getModel(model, call);
        return {
          versions: page.items.map(toNativeVersion),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/models/:name/versions',
      summary: 'Register the next version (creates the model when it does not exist)',
      permission: modelPermission('EDIT'),
      schema: {
        params: { type: 'object', properties: { name: modelNameParam }, required: ['name'] },
        body: {
          type: 'object',
          properties: {
            source: { type: 'string', minLength: 1, maxLength: 500 },
            run_id: { type: 'string', minLength: 1, maxLength: 256 },
            run_link: { type: 'string', maxLength: 500 },
            description: { type: 'string', maxLength: 5000 },
            tags: tagsInput,
            status: { type: 'string', enum: ['READY', 'PENDING_REGISTRATION'] },
          },
          required: ['source'],
        },
        response: { 201: nativeVersionSchema },
      },
      async handler({ params, body, call }) {
        const b = body as {
          source: string;
          run_id?: string;
          run_link?: string;
          description?: string;
          tags?: Record<string, string>;
          status?: NewModelVersion['status'];
        };
        const version = await registry.createVersion(
          {
            model: params.name!,
            source: b.source,
            ...(b.run_id === undefined ? {} : { runId: b.run_id }),
            ...(b.run_link === undefined ? {} : { runLink: b.run_link }),
            ...(b.description === undefined ? {} : { description: b.description }),
            ...(b.tags === undefined ? {} : { tags: b.tags }),
            ...(b.status === undefined ? {} : { status: b.status }),
          },
          call,
        );
        const answer = versionAnswer(version, 201);
        return {
          ...answer,
          headers: { ...answer.headers, Location: nativeVersionPath(version.model, version.version) },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/models/:name/versions/:version',
      summary: 'Get a model version; its ETag is its revision',
      permission: modelPermission('READ'),
      schema: { params: versionParams, response: versionResponse },
      async handler(request) {
        return versionAnswer(await registry.getVersion(pathRef(request), request.call));
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/models/:name/versions/:version',
      summary: 'Update description or status of a version (If-Match: its ETag, else 409)',
      permission: modelPermission('EDIT'),
      schema: {
        params: versionParams,
        body: {
          type: 'object',
          properties: {
            description: { type: 'string', maxLength: 5000 },
            status: { type: 'string', enum: ['READY', 'FAILED_REGISTRATION'] },
            status_message: { type: 'string', maxLength: 500 },
          },
          minProperties: 1,
        },
        response: versionResponse,
      },
      async handler(request) {
        const b = request.body as {
          description?: string;
          status?: ModelVersionUpdate['status'];
          status_message?: string;
        };
        const expectedRevision = ifMatchRevision(request.headers);
        const update: ModelVersionUpdate = {
          ...(b.description === undefined ? {} : { description: b.description }),
          ...(b.status === undefined ? {} : { status: b.status }),
          ...(b.status_message === undefined ? {} : { statusMessage: b.status_message }),
          ...(expectedRevision === undefined ? {} : { expectedRevision }),
        };
        return versionAnswer(await registry.updateVersion(pathRef(request), update, request.call));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/models/:name/versions/:version',
      summary: 'Delete a version (soft; its aliases go; If-Match honoured)',
      permission: modelPermission('MANAGE'),
      schema: { params: versionParams, response: { 204: {} } },
      async handler(request) {
        const expectedRevision = ifMatchRevision(request.headers);
        await registry.deleteVersion(
          pathRef(request),
          request.call,
          expectedRevision === undefined ? {} : { expectedRevision },
        );
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/models/:name/versions/:version/restore',
      summary: 'Restore a soft-deleted version, in the stage it had',
      permission: modelPermission('MANAGE'),
      schema: { params: versionParams, response: versionResponse },
      async handler(request) {
        return versionAnswer(await registry.restoreVersion(pathRef(request), request.call));
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/models/:name/versions/:version/tags/:key',
      summary: 'Set a tag of a version (percent-encode a / in the key)',
      permission: modelPermission('EDIT'),
      schema: {
        params: tagParams,
        body: {
          type: 'object',
          properties: { value: { type: 'string', maxLength: 5000 } },
          required: ['value'],
        },
        response: versionResponse,
      },
      async handler(request) {
        const { value } = request.body as { value: string };
        return versionAnswer(
          await registry.setVersionTag(pathRef(request), request.params.key!, value, request.call),
        );
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/models/:name/versions/:version/tags/:key',
      summary: 'Delete a tag of a version (one that is not set is no error)',
      permission: modelPermission('EDIT'),
      schema: { params: tagParams, response: { 204: {} } },
      async handler(request) {
        await registry.deleteVersionTag(pathRef(request), request.params.key!, request.call);
        return { status: 204 };
      },
    },
  ];
  return routes.map(nativeRoute);
}
