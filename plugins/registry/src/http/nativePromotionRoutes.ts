import { NotFoundError, type Registry, type RouteDefinition } from '@mlops/plugin-api';
import { modelPermission } from './modelPermission.js';
import { nativeRoute } from './nativeRoute.js';
import { modelNameParam, nativeVersionSchema, versionParam } from './nativeSchemas.js';
import { pathRef, versionAnswer } from './versionAnswer.js';
import { ifMatchRevision } from './versionETag.js';

const aliasParams = {
  type: 'object',
  properties: { name: modelNameParam, alias: { type: 'string', minLength: 1, maxLength: 255 } },
  required: ['name', 'alias'],
};
const reason = { type: 'string', maxLength: 5000 };

/**
 * The native API's promotions, both guarded by `model.version.beforeTransition` interceptors (a
 * veto is a 409 `FAILED_PRECONDITION` naming the plugin): stage transitions (`POST
 * /api/v1/models/:name/versions/:version/stage`) and aliases (`GET/PUT/DELETE
 * /api/v1/models/:name/aliases/:alias`). `If-Match` on a transition or an alias move is the
 * revision the version must be at.
 */
export function nativePromotionRoutes(registry: Registry): RouteDefinition[] {
  const routes: RouteDefinition[] = [
    {
      method: 'POST',
      path: '/api/v1/models/:name/versions/:version/stage',
      summary: 'Transition a version to a stage (reason recorded; If-Match honoured)',
      permission: modelPermission('EDIT'),
      schema: {
        params: {
          type: 'object',
          properties: { name: modelNameParam, version: versionParam },
          required: ['name', 'version'],
        },
        body: {
          type: 'object',
          properties: {
            stage: { type: 'string', minLength: 1, maxLength: 20 },
            reason,
            archive_existing_versions: { type: 'boolean' },
          },
          required: ['stage'],
        },
        response: { 200: nativeVersionSchema },
      },
      async handler(request) {
        const b = request.body as { stage: string; reason?: string; archive_existing_versions?: boolean };
        const expectedRevision = ifMatchRevision(request.headers);
        const version = await registry.transitionStage(
          pathRef(request),
          b.stage,
          {
            ...(b.reason === undefined ? {} : { reason: b.reason }),
            ...(b.archive_existing_versions === undefined
              ? {}
              : { archiveExistingVersions: b.archive_existing_versions }),
            ...(expectedRevision === undefined ? {} : { expectedRevision }),
          },
          request.call,
        );
        return versionAnswer(version);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/models/:name/aliases/:alias',
      summary: 'The version an alias points to (404 when the alias is not set)',
      permission: modelPermission('READ'),
      schema: { params: aliasParams, response: { 200: nativeVersionSchema } },
      async handler({ params, call }) {
        const model = await registry.getModel(params.name!, call);
        const alias = params.alias!;
        if (!Object.hasOwn(model.aliases, alias)) {
          throw new NotFoundError(`registered model "${model.name}" has no alias "${alias}"`, {
            field: 'alias',
          });
        }
        return versionAnswer(
          await registry.getVersion({ model: model.name, version: model.aliases[alias]! }, call),
        );
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/models/:name/aliases/:alias',
      summary: 'Point an alias at a version, or move it (If-Match: the revision of that version)',
      permission: modelPermission('EDIT'),
      schema: {
        params: aliasParams,
        body: {
          type: 'object',
          properties: { version: { type: 'integer', minimum: 1 }, reason },
          required: ['version'],
        },
        response: { 200: nativeVersionSchema },
      },
      async handler(request) {
        const b = request.body as { version: number; reason?: string };
        const expectedRevision = ifMatchRevision(request.headers);
        const version = await registry.setAlias(
          { model: request.params.name!, version: b.version },
          request.params.alias!,
          {
            ...(b.reason === undefined ? {} : { reason: b.reason }),
            ...(expectedRevision === undefined ? {} : { expectedRevision }),
          },
          request.call,
        );
        return versionAnswer(version);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/models/:name/aliases/:alias',
      summary: 'Remove an alias (recorded in the history; one that is not set is no error)',
      permission: modelPermission('EDIT'),
      schema: {
        params: aliasParams,
        query: { type: 'object', properties: { reason } },
        response: { 204: {} },
      },
      async handler({ params, query, call }) {
        const why = query.reason as string | undefined;
        await registry.deleteAlias(
          params.name!,
          params.alias!,
          why === undefined ? {} : { reason: why },
          call,
        );
        return { status: 204 };
      },
    },
  ];
  return routes.map(nativeRoute);
}
