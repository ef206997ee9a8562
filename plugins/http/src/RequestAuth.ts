import {
  type Auth,
  type HttpRequest,
  type Logger,
  PermissionDeniedError,
  type Principal,
  type RouteDefinition,
} from '@mlops/plugin-api';

/** The principal of a caller when no `Auth` provider is configured, or on a public route. */
export const anonymousPrincipal: Principal = Object.freeze({ id: 'anonymous', kind: 'anonymous', roles: [] });

/**
 * Applies a route's permission through the optional `Auth` port. Without one, every caller is
 * anonymous and allowed everything. With one, it fails closed: an authentication error is
 * answered as such (401, or 503 when a directory is down) and an authorisation error denies.
 */
export class RequestAuth {
  private resolved?: { readonly auth: Auth | undefined };

  /** `resolveAuth` is called at the first request, when every plugin has set up. */
  constructor(
    private readonly resolveAuth: () => Auth | undefined,
    private readonly logger: Logger,
  ) {}

  /** The `Auth` provider, if any; looked up once, after setup. */
  get auth(): Auth | undefined {
    this.resolved ??= { auth: this.resolveAuth() };
    return this.resolved.auth;
  }

  /**
   * True when `Auth` must say who calls `route`; else the caller is anonymous, known without
   * waiting for {@link identify}.
   */
  authenticates(route: RouteDefinition): boolean {
    return this.auth !== undefined && route.permission !== 'public';
  }

  /** True when `Auth` must check `route`'s permission; else {@link authorize} allows at once. */
  authorizes(route: RouteDefinition): boolean {
    return this.auth !== undefined && typeof route.permission !== 'string';
  }

  /** Who is calling. @throws what `Auth.authenticate` throws (UnauthenticatedError, UnavailableError). */
  async identify(route: RouteDefinition, authorization: string | undefined, ip: string): Promise<Principal> {
    const auth = this.auth;
    if (auth === undefined || !this.authenticates(route)) return anonymousPrincipal;
    return auth.authenticate(authorization === undefined ? { ip } : { authorization, ip });
  }

  /**
   * Checks the route's action on its resource (and on each of `resourceIds`' resources).
   * @throws PermissionDeniedError when `Auth.authorize` refuses any of them, or fails.
   */
  async authorize(route: RouteDefinition, principal: Principal, request: HttpRequest): Promise<void> {
    const permission = route.permission;
    const auth = this.auth;
    if (auth === undefined || typeof permission === 'string') return;
    const ids: (string | undefined)[] = [...new Set(permission.resourceIds?.(request) ?? [])];
    if (permission.resourceId !== undefined || permission.resourceIds === undefined) {
      ids.unshift(permission.resourceId?.(request));
    }
    // No id at all: Auth decides on the kind alone (admins pass, others do not).
    if (ids.length === 0) ids.push(undefined);
    for (const id of ids) {
      const resource = { kind: permission.resource, id };
      let allowed = false;
      try {
        allowed = await auth.authorize(principal, permission.action, resource);
      } catch (err) {
        this.logger.warn(
          {
            err,
            principal: principal.id,
            action: permission.action,
            resource,
            requestId: request.call.requestId,
          },
          'authorisation failed; denying',
        );
      }
      if (!allowed) this.deny(principal, permission, id);
    }
  }

  private deny(
    principal: Principal,
    permission: Exclude<RouteDefinition['permission'], string>,
    id?: string,
  ): never {
    const target = id === undefined ? permission.resource : `${permission.resource} "${id}"`;
    throw new PermissionDeniedError(`"${principal.id}" may not ${permission.action} ${target}`, {
      reason: 'forbidden',
    });
  }
}
