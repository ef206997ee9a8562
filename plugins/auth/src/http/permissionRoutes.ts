import type { HttpRequest, RouteDefinition, RoutePermission } from '@mlops/plugin-api';
import { InvalidArgumentError } from '@mlops/plugin-api';
import type { AuthDirectory } from '../AuthDirectory.js';
import type { PermissionLevel } from '../PermissionLevel.js';
import { grantJson, authSchemas as s } from './authSchemas.js';

/** One resource kind's permission routes: its path prefix and the path parameter of its id. */
interface Target {
  readonly kind: 'experiment' | 'registeredModel' | 'study' | 'deployment';
  readonly noun: string;
  readonly base: string;
  readonly param: string;
}

const targets: readonly Target[] = [
  {
    kind: 'experiment',
    noun: 'an experiment',
    base: '/api/v1/experiments/:experimentId/permissions',
    param: 'experimentId',
  },
  {
    kind: 'registeredModel',
    noun: 'a registered model',
    base: '/api/v1/models/:name/permissions',
    param: 'name',
  },
  { kind: 'study', noun: 'an HPO study', base: '/api/v1/hpo/studies/:studyId/permissions', param: 'studyId' },
  { kind: 'deployment', noun: 'a deployment', base: '/api/v1/deployments/:name/permissions', param: 'name' },
];

const principalParams = {
  type: 'object',
  additionalProperties: false,
  required: ['principalKind', 'principalName'],
  properties: {
    principalKind: { enum: ['users', 'groups'] },
    principalName: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

function principalKindOf(request: HttpRequest): 'user' | 'group' {
  const kind = request.params.principalKind;
  if (kind === 'users') return 'user';
  if (kind === 'groups') return 'group';
  throw new InvalidArgumentError('principalKind must be "users" or "groups"', { field: 'principalKind' });
}

/**
 * Who holds what on an experiment, registered model, HPO study or deployment: list, grant (or
 * change) and revoke, for callers with MANAGE on it (as MLflow's auth), under
 * `/api/v1/experiments/:experimentId/permissions`, `/api/v1/models/:name/permissions`,
 * `/api/v1/hpo/studies/:studyId/permissions` and `/api/v1/deployments/:name/permissions`.
 */
export function permissionRoutes(directory: AuthDirectory): RouteDefinition[] {
  return targets.flatMap((t): RouteDefinition[] => {
    const manage: RoutePermission = {
      action: 'MANAGE',
      resource: t.kind,
      resourceId: (r) => r.params[t.param],
    };
    const idParams = s.params(t.param);
    const withPrincipal = {
      ...principalParams,
      required: [t.param, ...principalParams.required],
      properties: { ...principalParams.properties, [t.param]: { type: 'string', minLength: 1 } },
    };
    const noun = t.noun;
    const common = { tags: ['auth'], errorStyle: 'native' as const, permission: manage };
    return [
      {
        ...common,
        method: 'GET',
        path: t.base,
        summary: `Permissions granted on ${noun}`,
        schema: {
          params: idParams,
          response: {
            200: { type: 'object', properties: { permissions: { type: 'array', items: s.grant } } },
          },
        },
        async handler(request) {
          const grants = await directory.listGrants(t.kind, request.params[t.param]!);
          return { status: 200, body: { permissions: grants.map(grantJson) } };
        },
      },
      {
        ...common,
        method: 'PUT',
        path: `${t.base}/:principalKind/:principalName`,
        summary: `Grant or change a user's or group's permission on ${noun}`,
        schema: { params: withPrincipal, body: s.permissionBody, response: { 200: s.grant } },
        async handler(request) {
          const grant = await directory.grant({
            principalKind: principalKindOf(request),
            principalName: request.params.principalName!,
            resourceKind: t.kind,
            resourceId: request.params[t.param]!,
            permission: (request.body as { permission: PermissionLevel }).permission,
          });
          return { status: 200, body: grantJson(grant) };
        },
      },
      {
        ...common,
        method: 'DELETE',
        path: `${t.base}/:principalKind/:principalName`,
        summary: `Revoke a user's or group's permission on ${noun}`,
        schema: { params: withPrincipal },
        async handler(request) {
          await directory.revoke(
            principalKindOf(request),
            request.params.principalName!,
            t.kind,
            request.params[t.param]!,
          );
          return undefined;
        },
      },
    ];
  });
}
