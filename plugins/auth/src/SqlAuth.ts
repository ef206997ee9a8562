import type { Auth, Credentials, Logger, Principal, ReadScope, ResourceRef } from '@mlops/plugin-api';
import { UnauthenticatedError } from '@mlops/plugin-api';
import type { JwtSigner } from './JwtSigner.js';
import type { PasswordLogin } from './PasswordLogin.js';
import type { PendingWrites } from './PendingWrites.js';
import { allows, higher, type PermissionLevel } from './PermissionLevel.js';
import type { ResourceResolver } from './ResourceResolver.js';
import type { PermissionStore } from './store/PermissionStore.js';
import { apiTokenPrefix, hashToken, type TokenStore } from './store/TokenStore.js';
import { TtlCache } from './TtlCache.js';
import { adminRole, groupsOf, type UserPrincipals } from './UserPrincipals.js';

/** The resource kinds permissions are stored on; any other kind is refused to non-admins. */
export const permissionKinds: readonly string[] = ['experiment', 'registeredModel', 'study', 'deployment'];

/** What {@link SqlAuth} works with. */
export interface SqlAuthDeps {
  readonly tokens: TokenStore;
  readonly permissions: PermissionStore;
  readonly principals: UserPrincipals;
  readonly passwords: PasswordLogin;
  readonly jwt: JwtSigner;
  readonly resources: ResourceResolver;
  readonly pending: PendingWrites;
  readonly defaultPermission: PermissionLevel;
  readonly cacheTtlMs: number;
  readonly logger: Logger;
}

const badToken = () => new UnauthenticatedError('invalid or expired token', { reason: 'bad_token' });
/** How often a token's `last_used_at` is written at most. */
const touchEveryMs = 60_000;

/**
 * The Auth port: Bearer API tokens and session JWTs, HTTP Basic passwords; MLflow-style
 * permissions (admins may do anything; otherwise a user's own grant on the resource, else the
 * highest grant among their groups, else the default permission). Every lookup is cached for
 * `cacheTtlMs` and dropped at once on local changes ({@link forget}).
 */
export class SqlAuth implements Auth {
  private readonly bearers: TtlCache<Principal>;
  private readonly levels: TtlCache<PermissionLevel>;
  private readonly scopes: TtlCache<ReadScope>;
  private readonly touched = new TtlCache<true>(touchEveryMs, 50_000);

  constructor(private readonly deps: SqlAuthDeps) {
    this.bearers = new TtlCache(deps.cacheTtlMs);
    this.levels = new TtlCache(deps.cacheTtlMs, 50_000);
    this.scopes = new TtlCache(deps.cacheTtlMs);
  }

  async authenticate(credentials: Credentials): Promise<Principal> {
    const header = credentials.authorization?.trim() ?? '';
    if (header === '') {
      throw new UnauthenticatedError(
        'authentication required: send "Authorization: Bearer <token>" or HTTP Basic credentials',
        { reason: 'missing_credentials' },
      );
    }
    const space = header.indexOf(' ');
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const value = space < 0 ? '' : header.slice(space + 1).trim();
    if (scheme === 'bearer') return this.bearer(value);
    if (scheme === 'basic') return this.basic(value, credentials.ip);
    throw new UnauthenticatedError(
      `unsupported authorization scheme "${scheme.slice(0, 20)}": use Bearer or Basic`,
      {
        reason: 'bad_scheme',
      },
    );
  }

  async authorize(principal: Principal, action: string, resource: ResourceRef): Promise<boolean> {
    if (principal.kind === 'system' || principal.roles.includes(adminRole)) return true;
    if (principal.kind !== 'user' || action === 'ADMIN' || resource.id === undefined) return false;
    if (!this.deps.pending.idle) await this.deps.pending.settled();
    const target = await this.deps.resources.resolve(resource.kind, resource.id);
    // A run or experiment name that does not exist: the route answers 404, as MLflow's auth does.
    if (target === 'missing') return true;
    if (!permissionKinds.includes(target.kind)) return false;
    return allows(await this.levelOn(principal, target.kind, target.id), action);
  }

  async readableScope(principal: Principal, resourceKind: string): Promise<ReadScope> {
    if (principal.kind === 'system' || principal.roles.includes(adminRole)) return { kind: 'all' };
    if (principal.kind !== 'user' || !permissionKinds.includes(resourceKind))
      return { kind: 'only', ids: [] };
    if (!this.deps.pending.idle) await this.deps.pending.settled();
    const key = `${principal.id}\0${principal.roles.join('\0')}\0${resourceKind}`;
    const cached = this.scopes.get(key);
    if (cached !== undefined) return cached;
    const grants = await this.deps.permissions.forGrantee(
      { username: principal.id, groups: groupsOf(principal) },
      resourceKind,
    );
    const levels = effectiveLevels(principal.id, grants);
    const readableByDefault = allows(this.deps.defaultPermission, 'READ');
    const ids = [...levels]
      .filter(([, level]) => allows(level, 'READ') !== readableByDefault)
      .map(([id]) => id);
    const scope: ReadScope = readableByDefault ? { kind: 'except', ids } : { kind: 'only', ids };
    this.scopes.set(key, scope);
    return scope;
  }

  /** The level `principal` holds on one resource. */
  async levelOn(principal: Principal, resourceKind: string, resourceId: string): Promise<PermissionLevel> {
    const key = `${principal.id}\0${principal.roles.join('\0')}\0${resourceKind}\0${resourceId}`;
    const cached = this.levels.get(key);
    if (cached !== undefined) return cached;
    const grants = await this.deps.permissions.forGrantee(
      { username: principal.id, groups: groupsOf(principal) },
      resourceKind,
      resourceId,
    );
    const level = effectiveLevels(principal.id, grants).get(resourceId) ?? this.deps.defaultPermission;
    this.levels.set(key, level);
    return level;
  }

  /** Drops every cached credential, principal and permission (after a change made here). */
  forget(): void {
    this.bearers.clear();
    this.levels.clear();
    this.scopes.clear();
    this.deps.principals.forget();
    this.deps.passwords.forget();
  }

  /** Forgets cached permission lookups only (a grant changed). */
  forgetPermissions(): void {
    this.levels.clear();
    this.scopes.clear();
  }

  private async bearer(token: string): Promise<Principal> {
    if (token === '') throw badToken();
    const hash = hashToken(token);
    const cached = this.bearers.get(hash);
    if (cached !== undefined) return cached;
    const now = Date.now();
    let principal: Principal;
    let expiresAt: number;
    if (token.startsWith(apiTokenPrefix)) {
      const active = await this.deps.tokens.findActive(hash, now);
      if (active === undefined) throw badToken();
      const user = await this.deps.principals.of(active.user.username);
      if (user === undefined) throw badToken();
      principal = user.principal;
      expiresAt = active.expiresAt;
      this.touch(hash, active.tokenInt, now);
    } else {
      const claims = await this.deps.jwt.verify('access', token);
      if (claims === undefined) throw badToken();
      const user = await this.deps.principals.of(claims.username);
      if (user === undefined) throw badToken();
      principal = user.principal;
      expiresAt = claims.expiresAt;
    }
    this.bearers.set(hash, principal, Math.min(this.deps.cacheTtlMs, expiresAt - now));
    return principal;
  }

  private async basic(value: string, ip: string | undefined): Promise<Principal> {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (value === '' || colon <= 0) {
      throw new UnauthenticatedError(
        'malformed Basic credentials: expected base64 of "<username>:<password>"',
        {
          reason: 'bad_credentials',
        },
      );
    }
    const login = await this.deps.passwords.check(decoded.slice(0, colon), decoded.slice(colon + 1), ip);
    return login.principal;
  }

  /** Writes `last_used_at` at most once a minute per token, without holding up the request. */
  private touch(hash: string, tokenInt: number, now: number): void {
    if (this.touched.get(hash) !== undefined) return;
    this.touched.set(hash, true);
    this.deps.tokens.touch(tokenInt, now).catch((err: unknown) => {
      this.deps.logger.warn({ err }, 'could not record the last use of an API token');
    });
  }
}

/** Per resource id: the user's own grant if any, else the highest of their groups' grants. */
function effectiveLevels(
  username: string,
  grants: readonly {
    principalKind: string;
    principalName: string;
    resourceId: string;
    permission: PermissionLevel;
  }[],
): Map<string, PermissionLevel> {
  const own = new Map<string, PermissionLevel>();
  const groups = new Map<string, PermissionLevel>();
  for (const g of grants) {
    if (g.principalKind === 'user' && g.principalName === username) own.set(g.resourceId, g.permission);
    else if (g.principalKind === 'group') {
      const before = groups.get(g.resourceId);
      groups.set(g.resourceId, before === undefined ? g.permission : higher(before, g.permission));
    }
  }
  for (const [id, level] of own) groups.set(id, level);
  return groups;
}
