import type { Registry, RouteDefinition } from '@mlops/plugin-api';
import { defineMlflowRoute } from './defineMlflowRoute.js';
import { mlflowEmptyResponse, mlflowVersionInput } from './mlflowEntitySchemas.js';
import { versionField } from './mlflowFieldValues.js';

const name = { type: 'string', minLength: 1, maxLength: 256 };
const key = { type: 'string', minLength: 1, maxLength: 250 };
const value = { type: 'string', maxLength: 5000 };

/**
 * MLflow's tag endpoints of registered models and model versions: `set-tag` (POST) and
 * `delete-tag` (DELETE; deleting a tag that is not set is no error, as in MLflow).
 */
export function mlflowTagRoutes(registry: Registry): RouteDefinition[] {
  return [
    ...defineMlflowRoute({
      method: 'POST',
      path: '/registered-models/set-tag',
      operation: 'setRegisteredModelTag',
      summary: 'Set a tag of a registered model',
      access: 'EDIT',
      fields: { properties: { name, key, value }, required: ['name', 'key'] },
      response: mlflowEmptyResponse,
      async handler(f, { call }) {
        await registry.setModelTag(f.name as string, f.key as string, (f.value as string) ?? '', call);
        return {};
      },
    }),
    ...defineMlflowRoute({
      method: 'DELETE',
      path: '/registered-models/delete-tag',
      operation: 'deleteRegisteredModelTag',
      summary: 'Delete a tag of a registered model',
      access: 'EDIT',
      fields: { properties: { name, key }, required: ['name', 'key'] },
      response: mlflowEmptyResponse,
      async handler(f, { call }) {
        await registry.deleteModelTag(f.name as string, f.key as string, call);
        return {};
      },
    }),
    ...defineMlflowRoute({
      method: 'POST',
      path: '/model-versions/set-tag',
      operation: 'setModelVersionTag',
      summary: 'Set a tag of a model version',
      access: 'EDIT',
      fields: {
        properties: { name, version: mlflowVersionInput, key, value },
        required: ['name', 'version', 'key'],
      },
      response: mlflowEmptyResponse,
      async handler(f, { call }) {
        const ref = { model: f.name as string, version: versionField(f.version) };
        await registry.setVersionTag(ref, f.key as string, (f.value as string) ?? '', call);
        return {};
      },
    }),
    ...defineMlflowRoute({
      method: 'DELETE',
      path: '/model-versions/delete-tag',
      operation: 'deleteModelVersionTag',
      summary: 'Delete a tag of a model version',
      access: 'EDIT',
      fields: {
        properties: { name, version: mlflowVersionInput, key },
        required: ['name', 'version', 'key'],
      },
      response: mlflowEmptyResponse,
      async handler(f, { call }) {
        const ref = { model: f.name as string, version: versionField(f.version) };
        await registry.deleteVersionTag(ref, f.key as string, call);
        return {};
      },
    }),
  ];
}
