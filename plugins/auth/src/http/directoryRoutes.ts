import type { RouteDefinition, RoutePermission } from '@mlops/plugin-api';
import type { AuthDirectory } from '../AuthDirectory.js';
import { adminRole } from '../UserPrincipals.js';
import { groupJson, authSchemas as s, tokenJson, userJson } from './authSchemas.js';

const users: RoutePermission = { action: 'ADMIN', resource: 'user' };
const groups: RoutePermission = { action: 'ADMIN', resource: 'group' };

function route(r: Omit<RouteDefinition, 'tags' | 'errorStyle'>): RouteDefinition {
  return { ...r, tags: ['auth'], errorStyle: 'native' };
}

/**
 * Users and groups (administrators only) and API tokens (each user their own; administrators
 * anyone's), under `/api/v1/users`, `/api/v1/groups` and `/api/v1/tokens`.
 */
export function directoryRoutes(directory: AuthDirectory): RouteDefinition[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/users',
      summary: 'List users',
      permission: users,
      schema: {
        response: { 200: { type: 'object', properties: { users: { type: 'array', items: s.user } } } },
      },
      handler: async () => ({ status: 200, body: { users: (await directory.listUsers()).map(userJson) } }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/users',
      summary: 'Create a local user',
      permission: users,
      schema: { body: s.newUser, response: { 201: s.user } },
      async handler(request) {
        const b = request.body as { username: string; password: string; is_admin?: boolean };
        const user = await directory.createUser(b.username, b.password, b.is_admin ?? false);
        return {
          status: 201,
          headers: { Location: `/api/v1/users/${encodeURIComponent(user.username)}` },
          body: userJson(user),
        };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/users/:username',
      summary: 'Get a user',
      permission: users,
      schema: { params: s.params('username'), response: { 200: s.user } },
      handler: async (request) => ({
        status: 200,
        body: userJson(await directory.getUser(request.params.username!)),
      }),
    }),
    route({
      method: 'PATCH',
      path: '/api/v1/users/:username',
      summary: "Change a user's password, admin role or disabled flag",
      permission: users,
      schema: { params: s.params('username'), body: s.userUpdate, response: { 200: s.user } },
      async handler(request) {
        const b = request.body as { password?: string; is_admin?: boolean; disabled?: boolean };
        const user = await directory.updateUser(request.params.username!, {
          ...(b.password === undefined ? {} : { password: b.password }),
          ...(b.is_admin === undefined ? {} : { isAdmin: b.is_admin }),
          ...(b.disabled === undefined ? {} : { disabled: b.disabled }),
        });
        return { status: 200, body: userJson(user) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/users/:username',
      summary: 'Delete a user with their tokens, sessions, memberships and permissions',
      permission: users,
      schema: { params: s.params('username') },
      handler: async (request) => {
        await directory.deleteUser(request.params.username!);
        return undefined;
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/groups',
      summary: 'List groups with their members',
      permission: groups,
      schema: {
        response: { 200: { type: 'object', properties: { groups: { type: 'array', items: s.group } } } },
      },
      handler: async () => ({ status: 200, body: { groups: (await directory.listGroups()).map(groupJson) } }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/groups',
      summary: 'Create a group',
      permission: groups,
      schema: { body: s.newGroup, response: { 201: s.group } },
      async handler(request) {
        const group = await directory.createGroup((request.body as { name: string }).name);
        return { status: 201, body: groupJson(group) };
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/groups/:group',
      summary: 'Get a group with its members',
      permission: groups,
      schema: { params: s.params('group'), response: { 200: s.group } },
      handler: async (request) => ({
        status: 200,
        body: groupJson(await directory.getGroup(request.params.group!)),
      }),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/groups/:group',
      summary: 'Delete a group, its memberships and its permissions',
      permission: groups,
      schema: { params: s.params('group') },
      async handler(request) {
        await directory.deleteGroup(request.params.group!);
        return undefined;
      },
    }),
    route({
      method: 'PUT',
      path: '/api/v1/groups/:group/members/:username',
      summary: 'Add a user to a group',
      permission: groups,
      schema: { params: s.params('group', 'username'), response: { 200: s.group } },
      handler: async (request) => ({
        status: 200,
        body: groupJson(await directory.addMember(request.params.group!, request.params.username!)),
      }),
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/groups/:group/members/:username',
      summary: 'Remove a user from a group',
      permission: groups,
      schema: { params: s.params('group', 'username'), response: { 200: s.group } },
      handler: async (request) => ({
        status: 200,
        body: groupJson(await directory.removeMember(request.params.group!, request.params.username!)),
      }),
    }),
    route({
      method: 'GET',
      path: '/api/v1/tokens',
      summary:
        "The caller's API tokens (an administrator may ask for another user's, or everyone's with ?all=true)",
      permission: 'authenticated',
      schema: {
        query: {
          type: 'object',
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1 }, all: { type: 'boolean' } },
        },
        response: { 200: { type: 'object', properties: { tokens: { type: 'array', items: s.token } } } },
      },
      async handler(request) {
        const caller = request.call.principal;
        const q = request.query as { username?: string; all?: boolean };
        const username = q.username ?? caller.id;
        directory.checkSelfOrAdmin(caller, username);
        const all = q.all === true && caller.roles.includes(adminRole);
        const tokens = await directory.listTokens(all ? undefined : username);
        return { status: 200, body: { tokens: tokens.map(tokenJson) } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/tokens',
      summary:
        'Create an API token (for the caller; an administrator may name another user); the secret is shown once',
      permission: 'authenticated',
      schema: { body: s.newToken, response: { 201: s.token } },
      async handler(request) {
        const b = request.body as { name: string; expires_in_days?: number; username?: string };
        const username = b.username ?? request.call.principal.id;
        directory.checkSelfOrAdmin(request.call.principal, username);
        const token = await directory.createToken(username, b.name, b.expires_in_days);
        return { status: 201, headers: { 'Cache-Control': 'no-store' }, body: tokenJson(token) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/tokens/:tokenId',
      summary: 'Revoke an API token of the caller (an administrator: anyone)',
      permission: 'authenticated',
      schema: { params: s.params('tokenId'), response: { 200: s.token } },
      handler: async (request) => ({
        status: 200,
        body: tokenJson(await directory.revokeToken(request.params.tokenId!, request.call.principal)),
      }),
    }),
  ];
}
