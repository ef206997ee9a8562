import { InvalidArgumentError, type Registry, type RouteDefinition, type ViewType } from '@mlops/plugin-api';
import { listField } from './listField.js';
import { modelPermission } from './modelPermission.js';
import { nativeRoute } from './nativeRoute.js';
import {
  modelNameParam,
  nativeModelSchema,
  pageTokenParam,
  tagsInput,
  viewTypeParam,
} from './nativeSchemas.js';
import { nativeModelPath, toNativeModel } from './toNativeModel.js';

const nameParams = { type: 'object', properties: { name: modelNameParam }, required: ['name'] };
const modelResponse = { 200: nativeModelSchema };

interface ModelsQuery {
  readonly filter?: string;
  readonly order_by?: string | string[];
  readonly max_results?: number;
  readonly page_token?: string;
  readonly view_type?: ViewType;
}

/**
 * The native API's registered models: `GET/POST /api/v1/models` (search; create, 201 with
 * `Location`), `GET/PATCH/DELETE /api/v1/models/:name` (PATCH renames or sets the description;
 * DELETE is soft, 204), `POST .../restore`, and `PUT/DELETE .../tags/:key`.
 */
export function nativeModelRoutes(registry: Registry): RouteDefinition[] {
  const routes: RouteDefinition[] = [
    {
      method: 'GET',
      path: '/api/v1/models',
      summary: 'Search registered models (filter language of the registry, cursor pagination)',
      permission: 'authenticated',
      schema: {
        query: {
          type: 'object',
          properties: {
            filter: { type: 'string', maxLength: 10000 },
            order_by: { type: 'array', items: { type: 'string' }, maxItems: 10 },
            max_results: { type: 'integer', minimum: 1, maximum: 1000 },
            page_token: pageTokenParam,
            view_type: viewTypeParam,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              models: { type: 'array', items: nativeModelSchema },
              next_page_token: { type: 'string' },
            },
          },
        },
      },
      async handler({ query, call }) {
        const q = query as ModelsQuery;
        const orderBy = listField(q.order_by);
        const page = await registry.searchModels(
          {
            ...(q.filter === undefined ? {} : { filter: q.filter }),
            ...(orderBy === undefined ? {} : { orderBy }),
            ...(q.max_results === undefined ? {} : { maxResults: q.max_results }),
            ...(q.page_token === undefined ? {} : { pageToken: q.page_token }),
            ...(q.view_type === undefined ? {} : { viewType: q.view_type }),
          },
          call,
        );
        return {
          models: page.items.map(toNativeModel),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/models',
      summary: 'Create a registered model (409 when the name is taken)',
      permission: 'authenticated',
      schema: {
        body: {
          type: 'object',
          properties: {
            name: modelNameParam,
            description: { type: 'string', maxLength: 5000 },
            tags: tagsInput,
          },
          required: ['name'],
        },
        response: { 201: nativeModelSchema },
      },
      async handler({ body, call }) {
        const input = body as { name: string; description?: string; tags?: Record<string, string> };
        const model = await registry.createModel(input, call);
        return {
          status: 201,
          headers: { Location: nativeModelPath(model.name) },
          body: toNativeModel(model),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/models/:name',
      summary: 'Get a registered model with its tags, aliases and latest version per stage',
      permission: modelPermission('READ'),
      schema: { params: nameParams, response: modelResponse },
      async handler({ params, call }) {
        return toNativeModel(await registry.getModel(params.name!, call));
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/models/:name',
      summary: 'Rename a registered model (name) or set its description; one of them per request',
      permission: modelPermission('MANAGE'),
      schema: {
        params: nameParams,
        body: {
          type: 'object',
          properties: { name: modelNameParam, description: { type: 'string', maxLength: 5000 } },
          minProperties: 1,
        },
        response: modelResponse,
      },
      async handler({ params, body, call }) {
        const patch = body as { name?: string; description?: string };
        if (patch.name !== undefined && patch.description !== undefined) {
          // Two port calls would be two transactions: a failed second one would leave half a PATCH.
          throw new InvalidArgumentError('name: rename and set the description in two requests, not one', {
            field: 'name',
          });
        }
        if (patch.name !== undefined) {
          const renamed = await registry.renameModel(params.name!, patch.name, call);
          return {
            headers: { 'Content-Location': nativeModelPath(renamed.name) },
            body: toNativeModel(renamed),
          };
        }
        return toNativeModel(
          await registry.updateModel(params.name!, { description: patch.description ?? '' }, call),
        );
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/models/:name',
      summary: 'Delete a registered model and its versions (soft: restorable until purged)',
      permission: modelPermission('MANAGE'),
      schema: { params: nameParams, response: { 204: {} } },
      async handler({ params, call }) {
        await registry.deleteModel(params.name!, call);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/models/:name/restore',
      summary: 'Restore a soft-deleted registered model',
      permission: modelPermission('MANAGE'),
      schema: { params: nameParams, response: modelResponse },
      async handler({ params, call }) {
        return toNativeModel(await registry.restoreModel(params.name!, call));
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/models/:name/tags/:key',
      summary: 'Set a tag of a registered model (percent-encode a / in the key)',
      permission: modelPermission('EDIT'),
      schema: {
        params: {
          type: 'object',
          properties: { name: modelNameParam, key: { type: 'string', minLength: 1, maxLength: 250 } },
          required: ['name', 'key'],
        },
        body: {
          type: 'object',
          properties: { value: { type: 'string', maxLength: 5000 } },
          required: ['value'],
        },
        response: { 204: {} },
      },
      async handler({ params, body, call }) {
        await registry.setModelTag(params.name!, params.key!, (body as { value: string }).value, call);
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/models/:name/tags/:key',
      summary: 'Delete a tag of a registered model (one that is not set is no error)',
      permission: modelPermission('EDIT'),
      schema: {
        params: {
          type: 'object',
          properties: { name: modelNameParam, key: { type: 'string', minLength: 1, maxLength: 250 } },
          required: ['name', 'key'],
        },
        response: { 204: {} },
      },
      async handler({ params, call }) {
        await registry.deleteModelTag(params.name!, params.key!, call);
        return { status: 204 };
      },
    },
  ];
  return routes.map(nativeRoute);
}
