import type { IdentityProvider, LoggedModels, Logger, Tracking } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { AuthDirectory } from './AuthDirectory.js';
import { FailedLogins } from './FailedLogins.js';
import { JwtSigner } from './JwtSigner.js';
import type { AuthOptions } from './options.js';
import { PasswordHasher } from './PasswordHasher.js';
import { PasswordLogin } from './PasswordLogin.js';
import { PendingWrites } from './PendingWrites.js';
import { ResourceResolver } from './ResourceResolver.js';
import { SessionService } from './SessionService.js';
import { SqlAuth } from './SqlAuth.js';
import { GroupStore } from './store/GroupStore.js';
import { PermissionStore } from './store/PermissionStore.js';
import { SessionStore } from './store/SessionStore.js';
import { TokenStore } from './store/TokenStore.js';
import { UserStore } from './store/UserStore.js';
import { UserPrincipals } from './UserPrincipals.js';

/** Everything the plugin wires: the Auth port and the services its routes and commands use. */
export interface AuthServices {
  readonly auth: SqlAuth;
  readonly directory: AuthDirectory;
  readonly sessions: SessionService;
  readonly passwords: PasswordLogin;
  readonly users: UserStore;
  readonly permissions: PermissionStore;
  readonly hasher: PasswordHasher;
  readonly pending: PendingWrites;
  readonly resources: ResourceResolver;
}

/** Builds the services over the plugin's tables. */
export async function createAuthServices(
  db: Knex,
  options: AuthOptions,
  logger: Logger,
  ports: {
    readonly providers: () => readonly IdentityProvider[];
    readonly tracking: () => Tracking | undefined;
    readonly loggedModels?: () => LoggedModels | undefined;
  },
): Promise<AuthServices> {
  const users = new UserStore(db);
  const tokens = new TokenStore(db);
  const permissions = new PermissionStore(db);
  const sessionStore = new SessionStore(db);
  const hasher = new PasswordHasher(options.scrypt);
  const jwt = await JwtSigner.open(db, options.jwtSecret);
  const pending = new PendingWrites();
  const resources = new ResourceResolver(ports.tracking, options.cacheTtlMs, ports.loggedModels);
  const passwords = new PasswordLogin({
    users,
    hasher,
    failures: new FailedLogins(options.failedLogins),
    providers: ports.providers,
    fallbackToLocal: options.fallbackToLocal,
    logger,
    cacheTtlMs: options.cacheTtlMs,
  });
  const auth = new SqlAuth({
    tokens,
    permissions,
    principals: new UserPrincipals(users, options.cacheTtlMs),
    passwords,
    jwt,
    resources,
    pending,
    defaultPermission: options.defaultPermission,
    cacheTtlMs: options.cacheTtlMs,
    logger,
  });
  const directory = new AuthDirectory({
    users,
    groups: new GroupStore(db),
    tokens,
    permissions,
    sessions: sessionStore,
    hasher,
    auth,
    tokenTtlDays: options.tokenTtlDays,
  });
  const sessions = new SessionService({
    passwords,
    users,
    sessions: sessionStore,
    jwt,
    accessTtlSeconds: options.accessTokenTtlSeconds,
    refreshTtlSeconds: options.refreshTokenTtlSeconds,
  });
  return { auth, directory, sessions, passwords, users, permissions, hasher, pending, resources };
}
