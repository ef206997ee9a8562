import type { RouteDefinition } from '@mlops/plugin-api';
import { UnauthenticatedError } from '@mlops/plugin-api';
import type { AuthDirectory } from '../AuthDirectory.js';
import type { PasswordLogin } from '../PasswordLogin.js';
import type { SessionService } from '../SessionService.js';
import { authSchemas as s, sessionJson } from './authSchemas.js';

/**
 * Sessions: `POST /api/v1/auth/login` (public: a user name and password give an access JWT and a
 * refresh token), `/refresh` and `/logout` (public: the refresh token is the credential),
 * `GET /api/v1/auth/whoami` and `POST /api/v1/auth/password` for the caller. Failed logins count
 * against the user name and the client address, as HTTP Basic failures do.
 */
export function sessionRoutes(deps: {
  readonly sessions: SessionService;
  readonly passwords: PasswordLogin;
  readonly directory: AuthDirectory;
}): RouteDefinition[] {
  const { sessions, directory } = deps;
  const route = (r: Omit<RouteDefinition, 'tags' | 'errorStyle'>): RouteDefinition => ({
    ...r,
    tags: ['auth'],
    errorStyle: 'native',
  });
  return [
    route({
      method: 'POST',
      path: '/api/v1/auth/login',
      summary: 'Log in with a user name and password; answers an access token (JWT) and a refresh token',
      permission: 'public',
      schema: { body: s.login, response: { 200: s.session } },
      async handler(request) {
        const b = request.body as { username: string; password: string };
        return { status: 200, body: sessionJson(await sessions.login(b.username, b.password, request.ip)) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      summary: 'Trade a refresh token (usable once) for a new access token and refresh token',
      permission: 'public',
      schema: { body: s.refresh, response: { 200: s.session } },
      async handler(request) {
        const b = request.body as { refresh_token: string };
        return { status: 200, body: sessionJson(await sessions.refresh(b.refresh_token)) };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/logout',
      summary: 'End the session of a refresh token',
      permission: 'public',
      schema: { body: s.refresh },
      async handler(request) {
        await sessions.logout((request.body as { refresh_token: string }).refresh_token);
        return undefined;
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/auth/whoami',
      summary: 'The caller: user name, roles and groups',
      permission: 'authenticated',
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { id: { type: 'string' }, kind: { type: 'string' }, roles: { type: 'array' } },
          },
        },
      },
      handler: async (request) => ({ status: 200, body: { ...request.call.principal } }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/password',
      summary: "Change the caller's own password (ends their sessions)",
      permission: 'authenticated',
      schema: { body: s.changePassword },
      async handler(request) {
        const b = request.body as { current_password: string; new_password: string };
        const username = request.call.principal.id;
        try {
          await deps.passwords.check(username, b.current_password, undefined);
        } catch (err) {
          if (err instanceof UnauthenticatedError) {
            throw new UnauthenticatedError('current_password is wrong', { field: 'current_password' });
          }
          throw err;
        }
        await directory.updateUser(username, { password: b.new_password });
        return undefined;
      },
    }),
  ];
}
