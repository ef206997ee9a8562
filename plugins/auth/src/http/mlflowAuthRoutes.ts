import {
  type HttpRequest,
  InvalidArgumentError,
  type JsonSchema,
  type RouteDefinition,
  type RoutePermission,
} from '@mlops/plugin-api';
import type { AuthDirectory } from '../AuthDirectory.js';
import type { PermissionGrant, User } from '../AuthEntities.js';
import { permissionLevels } from '../PermissionLevel.js';

const prefix = '/api/2.0/mlflow';
const admin: RoutePermission = { action: 'ADMIN', resource: 'user' };

/** Where MLflow's auth handlers read a request's fields: the query for GET, else the JSON body. */
type Fields = (request: HttpRequest) => Record<string, unknown>;
const fromQuery: Fields = (request) => request.query;
const fromBody: Fields = (request) => request.body as Record<string, unknown>;

function objectSchema(fields: Record<string, JsonSchema>): JsonSchema {
  return { type: 'object', required: Object.keys(fields), properties: fields };
}

const name: JsonSchema = { type: 'string', minLength: 1 };
const password: JsonSchema = { type: 'string' };
const permission: JsonSchema = { type: 'string' };
// MLflow's client sends a JSON boolean; older servers parsed "true" and "false" strings.
const isAdmin: JsonSchema = { type: ['boolean', 'string'] };

/** `is_admin` as a boolean. @throws InvalidArgumentError for anything but a boolean, "true" or "false". */
function parseIsAdmin(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (text === 'true' || text === 'false') return text === 'true';
  throw new InvalidArgumentError(
    `Invalid parameter 'is_admin': ${JSON.stringify(value)}, must be either 'true' or 'false' (case insensitive).`,
    { field: 'is_admin' },
  );
}

const experimentPermissionJson = (g: PermissionGrant, userId: number) => ({
  experiment_id: g.resourceId,
  user_id: userId,
  permission: g.permission,
});
const registeredModelPermissionJson = (g: PermissionGrant, userId: number) => ({
  name: g.resourceId,
  user_id: userId,
  permission: g.permission,
});

/** A user as MLflow's `User.to_json` writes one, with the user's own grants. */
async function userJson(directory: AuthDirectory, user: User) {
  const [experiments, models] = await Promise.all([
    directory.userGrants(user.username, 'experiment'),
    directory.userGrants(user.username, 'registeredModel'),
  ]);
  return {
    id: user.id,
    username: user.username,
    is_admin: user.isAdmin,
    experiment_permissions: experiments.map((g) => experimentPermissionJson(g, user.id)),
    registered_model_permissions: models.map((g) => registeredModelPermissionJson(g, user.id)),
    // Scorers are MLflow GenAI resources this platform does not have; MLflow 3's client reads the key.
    scorer_permissions: [],
  };
}

/** The permission routes of one resource kind, as MLflow's auth app serves them. */
function grantRoutes(
  directory: AuthDirectory,
  kind: 'experiment' | 'registeredModel',
  path: string,
  idField: string,
  answerKey: string,
  toJson: (g: PermissionGrant, userId: number) => Record<string, unknown>,
): RouteDefinition[] {
  const noun = kind === 'experiment' ? 'an experiment' : 'a registered model';
  const key = objectSchema({ [idField]: name, username: name });
  const withPermission = objectSchema({ [idField]: name, username: name, permission });
  const route = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    action: string,
    summary: string,
    fields: Fields,
    handler: (f: { id: string; username: string; permission: string }) => Promise<unknown>,
  ): RouteDefinition => ({
    tags: ['auth', 'mlflow'],
    errorStyle: 'mlflow',
    method,
    path: `${prefix}/${path}/permissions/${action}`,
    summary,
    permission: {
      action: 'MANAGE',
      resource: kind,
      resourceId: (request) => String(fields(request)[idField]),
    },
    schema: method === 'GET' ? { query: key } : { body: action === 'delete' ? key : withPermission },
    handler(request) {
      const f = fields(request);
      return handler({
        id: String(f[idField]),
        username: String(f.username),
        permission: String(f.permission),
      });
    },
  });
  return [
    route(
      'POST',
      'create',
      `MLflow: grant a user a permission on ${noun} (${permissionLevels.join(', ')})`,
      fromBody,
      async (f) => {
        const { user, grant } = await directory.createUserGrant(f.username, kind, f.id, f.permission);
        return { [answerKey]: toJson(grant, user.id) };
      },
    ),
    route('GET', 'get', `MLflow: a user's own permission on ${noun}`, fromQuery, async (f) => {
      const { user, grant } = await directory.getUserGrant(f.username, kind, f.id);
      return { [answerKey]: toJson(grant, user.id) };
    }),
    route('PATCH', 'update', `MLflow: change a user's permission on ${noun}`, fromBody, async (f) => {
      await directory.updateUserGrant(f.username, kind, f.id, f.permission);
      return {};
    }),
    route('DELETE', 'delete', `MLflow: revoke a user's permission on ${noun}`, fromBody, async (f) => {
      await directory.deleteUserGrant(f.username, kind, f.id);
      return {};
    }),
  ];
}

/**
 * MLflow's authentication REST API (`mlflow server --app-name basic-auth`), for
 * `mlflow.server.get_app_client("basic-auth")` and scripts written against it: users under
 * `/api/2.0/mlflow/users/` (create, get, list, update-password, update-admin, delete) and user permissions on experiments and registered models under
 * `/api/2.0/mlflow/experiments/permissions/` and `/api/2.0/mlflow/registered-models/permissions/`,
 * with MLflow's request fields, answers and error codes. Creating, deleting and promoting users
 * is for administrators; a user may read themselves and change their own password; permissions
 * are managed by holders of MANAGE on the resource, as in MLflow.
 */
export function mlflowAuthRoutes(directory: AuthDirectory): RouteDefinition[] {
  const common = { tags: ['auth', 'mlflow'], errorStyle: 'mlflow' as const };
  return [
    {
      ...common,
      method: 'POST',
      path: `${prefix}/users/create`,
      summary: 'MLflow: create a user (administrators)',
      permission: admin,
      schema: { body: objectSchema({ username: name, password }) },
      async handler(request) {
        const b = request.body as { username: string; password: string };
        return { user: await userJson(directory, await directory.createUser(b.username, b.password)) };
      },
    },
    {
      ...common,
      method: 'GET',
      path: `${prefix}/users/list`,
      summary: 'MLflow: every user, by id and name (administrators)',
      permission: admin,
      async handler() {
        const users = await directory.listUsers();
        return { users: users.map((u) => ({ id: u.id, username: u.username })) };
      },
    },
    {
      ...common,
      method: 'GET',
      path: `${prefix}/users/get`,
      summary: 'MLflow: a user with their own permissions (themselves, or administrators)',
      permission: 'authenticated',
      schema: { query: objectSchema({ username: name }) },
      async handler(request) {
        const username = String(request.query.username);
        directory.checkSelfOrAdmin(request.call.principal, username);
        return { user: await userJson(directory, await directory.getUser(username)) };
      },
    },
    {
      ...common,
      method: 'PATCH',
      path: `${prefix}/users/update-password`,
      summary: "MLflow: change a user's password (themselves, or administrators)",
      permission: 'authenticated',
      schema: { body: objectSchema({ username: name, password }) },
      async handler(request) {
        const b = request.body as { username: string; password: string };
        directory.checkSelfOrAdmin(request.call.principal, b.username);
        await directory.updateUser(b.username, { password: b.password });
        return {};
      },
    },
    {
      ...common,
      method: 'PATCH',
      path: `${prefix}/users/update-admin`,
      summary: 'MLflow: make a user an administrator or not (administrators)',
      permission: admin,
      schema: { body: objectSchema({ username: name, is_admin: isAdmin }) },
      async handler(request) {
        const b = request.body as { username: string; is_admin: unknown };
        await directory.updateUser(b.username, { isAdmin: parseIsAdmin(b.is_admin) });
        return {};
      },
    },
    {
      ...common,
      method: 'DELETE',
      path: `${prefix}/users/delete`,
      summary: 'MLflow: delete a user with their tokens, sessions and permissions (administrators)',
      permission: admin,
      schema: { body: objectSchema({ username: name }) },
      async handler(request) {
        await directory.deleteUser((request.body as { username: string }).username);
        return {};
      },
    },
    ...grantRoutes(
      directory,
      'experiment',
      'experiments',
      'experiment_id',
      'experiment_permission',
      experimentPermissionJson,
    ),
    ...grantRoutes(
      directory,
      'registeredModel',
      'registered-models',
      'name',
      'registered_model_permission',
      registeredModelPermissionJson,
    ),
  ];
}
