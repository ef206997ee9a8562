import { InvalidArgumentError, type Registry, type RouteDefinition } from '@mlops/plugin-api';
import { defineMlflowRoute } from './defineMlflowRoute.js';
import { mlflowEmptyResponse, mlflowModelVersionSchema, mlflowVersionInput } from './mlflowEntitySchemas.js';
import { versionField } from './mlflowFieldValues.js';
import { toMlflowModelVersion } from './toMlflowModelVersion.js';

const name = { type: 'string', minLength: 1, maxLength: 256 };
const alias = { type: 'string', minLength: 1, maxLength: 255 };

/**
 * MLflow's alias endpoints, all on `/registered-models/alias`: POST sets (or moves) an alias,
 * DELETE removes it, GET returns the version it points to. An alias that is not set is 400
 * `INVALID_PARAMETER_VALUE` `Registered model alias <alias> not found.`, as MLflow answers.
 */
export function mlflowAliasRoutes(registry: Registry): RouteDefinition[] {
  return [
    ...defineMlflowRoute({
      method: 'POST',
      path: '/registered-models/alias',
      operation: 'setRegisteredModelAlias',
      summary: 'Point an alias at a model version (intercepted like a promotion)',
      access: 'EDIT',
      fields: {
        properties: { name, alias, version: mlflowVersionInput },
        required: ['name', 'alias', 'version'],
      },
      response: mlflowEmptyResponse,
      async handler(f, { call }) {
        const ref = { model: f.name as string, version: versionField(f.version) };
        await registry.setAlias(ref, f.alias as string, {}, call);
        return {};
      },
    }),
    ...defineMlflowRoute({
      method: 'DELETE',
      path: '/registered-models/alias',
      operation: 'deleteRegisteredModelAlias',
      summary: 'Remove an alias (one that is not set is no error)',
      access: 'EDIT',
      fields: { properties: { name, alias }, required: ['name', 'alias'] },
      response: mlflowEmptyResponse,
      async handler(f, { call }) {
        await registry.deleteAlias(f.name as string, f.alias as string, {}, call);
        return {};
      },
    }),
    ...defineMlflowRoute({
      method: 'GET',
      path: '/registered-models/alias',
      operation: 'getModelVersionByAlias',
      summary: 'The model version an alias points to',
      access: 'READ',
      fields: { properties: { name, alias }, required: ['name', 'alias'] },
      response: { type: 'object', properties: { model_version: mlflowModelVersionSchema } },
      async handler(f, { call }) {
        const model = await registry.getModel(f.name as string, call);
        const version = Object.hasOwn(model.aliases, f.alias as string)
          ? model.aliases[f.alias as string]
          : undefined;
        if (version === undefined) {
          throw new InvalidArgumentError(`Registered model alias ${String(f.alias)} not found.`, {
            field: 'alias',
            reason: 'not_found',
          });
        }
        const found = await registry.getVersion({ model: model.name, version }, call);
        return { model_version: toMlflowModelVersion(found) };
      },
    }),
  ];
}
