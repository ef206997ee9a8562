import type { JsonSchema, LoggedModels, RouteDefinition } from '@mlops/plugin-api';
import { artifactListSchemas, downloadHeaders, encodeArtifactPath, listedPath } from './artifactAnswers.js';
import { nativeRoute } from './nativeRoute.js';
import { nativeSchemas as s } from './nativeSchemas.js';
import { type NewLoggedModelFields, newLoggedModelOf } from './newLoggedModelOf.js';
import { queryList } from './queryList.js';
import { toNativeJson } from './toNativeJson.js';
import { experimentPermission, loggedModelPermission } from './trackingPermissions.js';

const base = '/api/v1/logged-models';
const text = { type: 'string' } as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const modelOut: JsonSchema = { type: 'object', properties: { model_id: text, name: text, status: text } };
const idParams: JsonSchema = {
  type: 'object',
  required: ['modelId'],
  properties: { modelId: { type: 'string', minLength: 1 } },
};
const pathParams: JsonSchema = {
  type: 'object',
  required: ['modelId', 'path'],
  properties: { modelId: { type: 'string', minLength: 1 }, path: { type: 'string', minLength: 1 } },
};
const entries = (map: Readonly<Record<string, string>> | undefined) =>
  Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));

/**
 * The native API's MLflow 3 logged models: create in an experiment, search, get, finalize and tag
 * (PATCH), delete, and their artifacts (list, upload, download), under `/api/v1/logged-models`.
 * The `modelId` is the MLflow one (`m-...`), so the same models answer both APIs.
 */
export function nativeLoggedModelRoutes(models: LoggedModels): RouteDefinition[] {
  return [
    nativeRoute({
      method: 'POST',
      path: base,
      summary: 'Create a PENDING logged model in an experiment (MLflow 3)',
      permission: experimentPermission('EDIT', (r) => (r.body as { experiment_id?: string }).experiment_id),
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['experiment_id'],
          properties: {
            experiment_id: { type: 'string', minLength: 1 },
            name: text,
            model_type: text,
            source_run_id: text,
            params: stringMap,
            tags: stringMap,
          },
        },
        response: { 201: modelOut },
      },
      async handler(request) {
        const b = request.body as NewLoggedModelFields & {
          params?: Record<string, string>;
          tags?: Record<string, string>;
        };
        const model = await models.createLoggedModel(
          newLoggedModelOf(b, entries(b.params), entries(b.tags)),
          request.call,
        );
        return {
          status: 201,
          headers: { Location: `${base}/${model.modelId}` },
          body: toNativeJson.loggedModel(model),
        };
      },
    }),
    nativeRoute({
      method: 'GET',
      path: base,
      summary: 'Search the logged models of experiments: filter, order (`<field> [ASC|DESC]`) and a cursor',
      permission: {
        action: 'READ',
        resource: 'experiment',
        resourceIds: (r) => queryList(r.query.experiment_id),
      },
      schema: {
        query: {
          type: 'object',
          additionalProperties: false,
          required: ['experiment_id'],
          properties: {
            experiment_id: { anyOf: [text, { type: 'array', items: text }] },
            filter: text,
            order_by: { anyOf: [text, { type: 'array', items: text }] },
            max_results: { type: 'integer', minimum: 1, maximum: 1000 },
            page_token: text,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { logged_models: { type: 'array', items: modelOut }, next_page_token: text },
          },
        },
      },
      async handler(request) {
        const q = request.query as { filter?: string; max_results?: number; page_token?: string };
        const page = await models.searchLoggedModels(
          {
            experimentIds: queryList(request.query.experiment_id),
            ...(q.filter ? { filter: q.filter } : {}),
            orderBy: queryList(request.query.order_by).map((clause) => {
              const [field, direction] = clause.trim().split(/\s+(?=(?:asc|desc)$)/i);
              return { field: field!, ascending: direction?.toLowerCase() !== 'desc' };
            }),
            ...(q.max_results === undefined ? {} : { maxResults: q.max_results }),
            ...(q.page_token ? { pageToken: q.page_token } : {}),
          },
          request.call,
        );
        return {
          status: 200,
          body: {
            logged_models: page.items.map(toNativeJson.loggedModel),
            ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
          },
        };
      },
    }),
    nativeRoute({
      method: 'GET',
      path: `${base}/:modelId`,
      summary: 'Get a logged model with its params, tags and metric points',
      permission: loggedModelPermission('READ', 'modelId'),
      schema: { params: idParams, response: { 200: modelOut } },
      async handler(request) {
        const model = await models.getLoggedModel(request.params.modelId!, request.call);
        return { status: 200, body: toNativeJson.loggedModel(model) };
      },
    }),
    nativeRoute({
      method: 'PATCH',
      path: `${base}/:modelId`,
      summary: 'Finalize a logged model (status READY or UPLOAD_FAILED) and set tags',
      permission: loggedModelPermission('EDIT', 'modelId'),
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { status: { enum: ['READY', 'UPLOAD_FAILED'] }, tags: stringMap },
        },
        response: { 200: modelOut },
      },
      async handler(request) {
        const id = request.params.modelId!;
        const b = request.body as { status?: 'READY' | 'UPLOAD_FAILED'; tags?: Record<string, string> };
        if (b.tags !== undefined) await models.setLoggedModelTags(id, entries(b.tags), request.call);
        const model =
          b.status === undefined
            ? await models.getLoggedModel(id, request.call)
            : await models.finalizeLoggedModel(id, b.status, request.call);
        return { status: 200, body: toNativeJson.loggedModel(model) };
      },
    }),
    nativeRoute({
      method: 'DELETE',
      path: `${base}/:modelId`,
      summary: 'Delete a logged model (its artifacts go with the next purge)',
      permission: loggedModelPermission('MANAGE', 'modelId'),
      schema: { params: idParams, response: { 204: {} } },
      async handler(request) {
        await models.deleteLoggedModel(request.params.modelId!, request.call);
        return { status: 204 };
      },
    }),
    nativeRoute({
      method: 'GET',
      path: `${base}/:modelId/artifacts`,
      summary: "List a directory of a logged model's artifacts (the root when path is absent)",
      permission: loggedModelPermission('READ', 'modelId'),
      schema: { params: idParams, ...artifactListSchemas },
      async handler(request) {
        const files = await models.listModelArtifacts(
          request.params.modelId!,
          listedPath(request),
          request.call,
        );
        return { status: 200, body: { files: files.map(toNativeJson.artifact) } };
      },
    }),
    nativeRoute({
      method: 'PUT',
      path: `${base}/:modelId/artifacts/*path`,
      summary: 'Upload one artifact file of a logged model: the raw body, streamed',
      permission: loggedModelPermission('EDIT', 'modelId'),
      bodyMode: 'raw',
      schema: { params: pathParams, response: { 201: s.artifactOut } },
      async handler(request) {
        const id = request.params.modelId!;
        const entry = await models.logModelArtifact(
          id,
          request.params.path!,
          request.rawBody ?? '',
          request.call,
        );
        return {
          status: 201,
          headers: { Location: `${base}/${id}/artifacts/${encodeArtifactPath(entry.path)}` },
          body: toNativeJson.artifact(entry),
        };
      },
    }),
    nativeRoute({
      method: 'GET',
      path: `${base}/:modelId/artifacts/*path`,
      summary: 'Download one artifact file of a logged model, streamed',
      permission: loggedModelPermission('READ', 'modelId'),
      schema: { params: pathParams, response: { 200: { type: 'string', format: 'binary' } } },
      async handler(request) {
        const path = request.params.path!;
        const body = await models.openModelArtifact(request.params.modelId!, path, request.call);
        return {
          status: 200,
          headers: downloadHeaders(path),
          body,
        };
      },
    }),
  ];
}
