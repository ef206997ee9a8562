import type { JsonSchema } from '@mlops/plugin-api';
import type { ApiTokenInfo, NewApiToken, PermissionGrant, SessionTokens, User } from '../AuthEntities.js';
import { permissionLevels } from '../PermissionLevel.js';
import type { Group } from '../store/GroupStore.js';

const str = { type: 'string' } as const;
const name = { type: 'string', minLength: 1, maxLength: 256 } as const;

/** An object schema with these properties, all required unless listed in `optional`. */
function object(properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
}

/** JSON Schemas of the auth routes' requests and answers. */
export const authSchemas = {
  login: object({ username: name, password: { type: 'string', minLength: 1, maxLength: 1024 } }),
  refresh: object({ refresh_token: { type: 'string', minLength: 1 } }),
  changePassword: object({ current_password: str, new_password: str }),
  session: {
    type: 'object',
    properties: {
      access_token: str,
      refresh_token: str,
      token_type: str,
      expires_in: { type: 'integer' },
    },
  },
  newUser: object({ username: name, password: str, is_admin: { type: 'boolean' } }, ['is_admin']),
  userUpdate: object({ password: str, is_admin: { type: 'boolean' }, disabled: { type: 'boolean' } }, [
    'password',
    'is_admin',
    'disabled',
  ]),
  user: {
    type: 'object',
    properties: {
      username: str,
      source: str,
      is_admin: { type: 'boolean' },
      disabled: { type: 'boolean' },
      groups: { type: 'array', items: str },
      created_at: { type: 'integer' },
      updated_at: { type: 'integer' },
    },
  },
  newToken: object(
    { name, expires_in_days: { type: 'integer', minimum: 1, maximum: 3650 }, username: name },
    ['expires_in_days', 'username'],
  ),
  token: {
    type: 'object',
    properties: {
      token_id: str,
      username: str,
      name: str,
      created_at: { type: 'integer' },
      expires_at: { type: 'integer' },
      last_used_at: { type: ['integer', 'null'] },
      revoked_at: { type: ['integer', 'null'] },
      token: { ...str, description: 'the secret; only in the answer that creates the token' },
    },
  },
  newGroup: object({ name }),
  group: {
    type: 'object',
    properties: { name: str, members: { type: 'array', items: str }, created_at: { type: 'integer' } },
  },
  permissionBody: object({ permission: { enum: permissionLevels } }),
  grant: {
    type: 'object',
    properties: {
      principal_kind: { enum: ['user', 'group'] },
      principal_name: str,
      resource_kind: str,
      resource_id: str,
      permission: str,
    },
  },
  params: (...names: string[]): JsonSchema => object(Object.fromEntries(names.map((n) => [n, name]))),
} as const;

/** The wire form of a user. */
export function userJson(user: User): Record<string, unknown> {
  return {
    username: user.username,
    source: user.source,
    is_admin: user.isAdmin,
    disabled: user.disabled,
    groups: user.groups,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

/** The wire form of a token (with its secret only when it is new). */
export function tokenJson(token: ApiTokenInfo | NewApiToken): Record<string, unknown> {
  return {
    token_id: token.tokenId,
    username: token.username,
    name: token.name,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    last_used_at: token.lastUsedAt,
    revoked_at: token.revokedAt,
    ...('token' in token ? { token: token.token } : {}),
  };
}

/** The wire form of a group. */
export function groupJson(group: Group): Record<string, unknown> {
  return { name: group.name, members: group.members, created_at: group.createdAt };
}

/** The wire form of a grant. */
export function grantJson(grant: PermissionGrant): Record<string, unknown> {
  return {
    principal_kind: grant.principalKind,
    principal_name: grant.principalName,
    resource_kind: grant.resourceKind,
    resource_id: grant.resourceId,
    permission: grant.permission,
  };
}

/** The wire form of a session's tokens. */
export function sessionJson(tokens: SessionTokens): Record<string, unknown> {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
  };
}
