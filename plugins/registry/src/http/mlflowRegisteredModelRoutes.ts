import type { Registry, RouteDefinition } from '@mlops/plugin-api';
import { defineMlflowRoute } from './defineMlflowRoute.js';
import { listField } from './listField.js';
import {
  mlflowEmptyResponse,
  mlflowModelVersionSchema,
  mlflowRegisteredModelSchema,
  mlflowTagListInput,
} from './mlflowEntitySchemas.js';
import { tagRecord } from './mlflowFieldValues.js';
import { mlflowSearchFields, mlflowSearchQuery } from './mlflowSearchFields.js';
import { toMlflowModelVersion } from './toMlflowModelVersion.js';
import { toMlflowRegisteredModel } from './toMlflowRegisteredModel.js';

const name = { type: 'string', minLength: 1, maxLength: 256 };
const registeredModelResponse = {
  type: 'object',
  properties: { registered_model: mlflowRegisteredModelSchema },
};
const latestVersionsFields = {
  properties: { name, stages: { type: 'array', items: { type: 'string' }, maxItems: 10 } },
  required: ['name'],
};
const modelVersionsResponse = {
  type: 'object',
  properties: { model_versions: { type: 'array', items: mlflowModelVersionSchema } },
};

/**
 * MLflow's registered-model endpoints (`/registered-models/...` of model_registry.proto) over the
 * Registry port: create, get, rename, update, delete, search and get-latest-versions.
 */
export function mlflowRegisteredModelRoutes(registry: Registry): RouteDefinition[] {
  return [
    ...defineMlflowRoute({
      method: 'POST',
      path: '/registered-models/create',
      operation: 'createRegisteredModel',
      summary: 'Create a registered model (400 RESOURCE_ALREADY_EXISTS when the name is taken)',
      access: 'authenticated',
      fields: {
        properties: { name, tags: mlflowTagListInput, description: { type: 'string', maxLength: 5000 } },
        required: ['name'],
      },
      response: registeredModelResponse,
      async handler(f, { call }) {
        const model = await registry.createModel(
          { name: f.name as string, description: (f.description as string) ?? '', tags: tagRecord(f.tags) },
          call,
        );
        return { registered_model: toMlflowRegisteredModel(model) };
      },
    }),
    ...defineMlflowRoute({
      method: 'GET',
      path: '/registered-models/get',
      operation: 'getRegisteredModel',
      summary: 'Get a registered model with its latest version in each stage',
      access: 'READ',
      fields: { properties: { name }, required: ['name'] },
      response: registeredModelResponse,
      async handler(f, { call }) {
        return { registered_model: toMlflowRegisteredModel(await registry.getModel(f.name as string, call)) };
      },
    }),
    ...defineMlflowRoute({
      method: 'POST',
      path: '/registered-models/rename',
      operation: 'renameRegisteredModel',
      summary: 'Rename a registered model; its versions follow',
      access: 'MANAGE',
      fields: { properties: { name, new_name: name }, required: ['name', 'new_name'] },
      response: registeredModelResponse,
      async handler(f, { call }) {
        const model = await registry.renameModel(f.name as string, f.new_name as string, call);
        return { registered_model: toMlflowRegisteredModel(model) };
      },
    }),
    ...defineMlflowRoute({
      method: 'PATCH',
      path: '/registered-models/update',
      operation: 'updateRegisteredModel',
      summary: "Set a registered model's description (absent: cleared, as MLflow)",
      access: 'EDIT',
      fields: { properties: { name, description: { type: 'string', maxLength: 5000 } }, required: ['name'] },
      response: registeredModelResponse,
      async handler(f, { call }) {
        const description = (f.description as string | undefined) ?? '';
        const model = await registry.updateModel(f.name as string, { description }, call);
        return { registered_model: toMlflowRegisteredModel(model) };
      },
    }),
    ...defineMlflowRoute({
      method: 'DELETE',
      path: '/registered-models/delete',
      operation: 'deleteRegisteredModel',
      summary: 'Delete a registered model and its versions (soft: restorable until purged)',
      access: 'MANAGE',
      fields: { properties: { name }, required: ['name'] },
      response: mlflowEmptyResponse,
      async handler(f, { call }) {
        await registry.deleteModel(f.name as string, call);
        return {};
      },
    }),
    ...defineMlflowRoute({
      method: 'GET',
      path: '/registered-models/search',
      operation: 'searchRegisteredModels',
      summary: "Search registered models with MLflow's filter syntax, paged",
      access: 'authenticated',
      fields: mlflowSearchFields({ maximum: 1000, default: 100 }),
      response: {
        type: 'object',
        properties: {
          registered_models: { type: 'array', items: mlflowRegisteredModelSchema },
          next_page_token: { type: 'string' },
        },
      },
      async handler(f, { call }) {
        const page = await registry.searchModels(mlflowSearchQuery(f, 100), call);
        return {
          ...(page.items.length > 0 ? { registered_models: page.items.map(toMlflowRegisteredModel) } : {}),
          ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
        };
      },
    }),
    ...(['POST', 'GET'] as const).flatMap((method) =>
      defineMlflowRoute({
        method,
        path: '/registered-models/get-latest-versions',
        operation: method === 'GET' ? 'getLatestVersionsByQuery' : 'getLatestVersions',
        summary: 'The latest READY version in each stage asked (every stage when none is)',
        access: 'READ',
        fields: latestVersionsFields,
        response: modelVersionsResponse,
        async handler(f, { call }) {
          const versions = await registry.getLatestVersions(f.name as string, listField(f.stages), call);
          return versions.length > 0 ? { model_versions: versions.map(toMlflowModelVersion) } : {};
        },
      }),
    ),
  ];
}
