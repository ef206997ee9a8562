import { createHmac, randomBytes } from 'node:crypto';
import {
  type IdentityProvider,
  isMlopsError,
  type Logger,
  type Principal,
  UnauthenticatedError,
} from '@mlops/plugin-api';
import type { FailedLogins } from './FailedLogins.js';
import type { PasswordHasher } from './PasswordHasher.js';
import type { UserRow, UserStore } from './store/UserStore.js';
import { TtlCache } from './TtlCache.js';
import { groupRolePrefix, principalOf } from './UserPrincipals.js';

/** Who a password check let in. */
export interface LoggedIn {
  readonly principal: Principal;
  readonly user: UserRow;
}

const badCredentials = () =>
  new UnauthenticatedError('invalid username or password', { reason: 'bad_credentials' });

/**
 * Checks a user name and password: each IdentityProvider in order (a directory's "unknown user"
 * passes to the next, and to the local users when `fallbackToLocal`), then the local users'
 * scrypt hashes. Failures are counted per user and per address; past the limit, attempts are
 * refused unchecked. A success is remembered for the cache TTL under an HMAC of the pair with a
 * per-process key, so MLflow clients, which send Basic credentials with every request, do not
 * pay scrypt each time, and no password is kept in memory.
 */
export class PasswordLogin {
  private readonly cacheKey = randomBytes(32);
  private readonly verified: TtlCache<LoggedIn>;

  constructor(
    private readonly deps: {
      readonly users: UserStore;
      readonly hasher: PasswordHasher;
      readonly failures: FailedLogins;
      readonly providers: () => readonly IdentityProvider[];
      readonly fallbackToLocal: boolean;
      readonly logger: Logger;
      readonly cacheTtlMs: number;
    },
  ) {
    this.verified = new TtlCache(deps.cacheTtlMs);
  }

  /**
   * @throws UnauthenticatedError `invalid username or password`, or `too many failed logins ...;
   * retry in <n> s` (reason `rate_limited`); UnavailableError when a directory is down.
   */
  async check(username: string, password: string, ip: string | undefined): Promise<LoggedIn> {
    const key = createHmac('sha256', this.cacheKey).update(`${username}\0${password}`).digest('base64url');
    const cached = this.verified.get(key);
    if (cached !== undefined) return cached;
    const wait = this.deps.failures.retryAfter(username, ip);
    if (wait > 0) {
      throw new UnauthenticatedError(`too many failed logins for this user or address; retry in ${wait} s`, {
        reason: 'rate_limited',
      });
    }
    const found = await this.verify(username, password);
    if (found === undefined) {
      this.deps.failures.fail(username, ip);
      this.deps.logger.warn({ username, ip }, `failed login for "${username}"`);
      throw badCredentials();
    }
    this.deps.failures.succeed(username);
    this.verified.set(key, found);
    return found;
  }

  /** Forgets remembered successes (a password changed, a user was disabled). */
  forget(): void {
    this.verified.clear();
  }

  private async verify(username: string, password: string): Promise<LoggedIn | undefined> {
    for (const provider of this.deps.providers()) {
      let check: Awaited<ReturnType<IdentityProvider['verifyPassword']>>;
      try {
        check = await provider.verifyPassword(username, password);
      } catch (err) {
        if (isMlopsError(err, 'Unavailable')) throw err;
        this.deps.logger.warn(
          { err, provider: provider.name, username },
          `identity provider "${provider.name}" failed; denying`,
        );
        throw badCredentials();
      }
      if (check.outcome === 'rejected') return undefined;
      if (check.outcome === 'accepted') {
        const { identity } = check;
        const roles = [...identity.roles, ...identity.groups.map((g) => `${groupRolePrefix}${g}`)];
        const row = await this.deps.users.upsertExternal(identity.login, provider.name, roles);
        if (row.disabled) return undefined;
        return { principal: principalOf(row, await this.deps.users.groupsOf(row.user_id)), user: row };
      }
    }
    if (this.deps.providers().length > 0 && !this.deps.fallbackToLocal) return undefined;
    const row = await this.deps.users.find(username);
    if (row === undefined || row.password_hash === null) {
      await this.deps.hasher.waste(password);
      return undefined;
    }
    const ok = await this.deps.hasher.verify(password, row.password_hash);
    if (!ok || row.disabled) return undefined;
    return { principal: principalOf(row, await this.deps.users.groupsOf(row.user_id)), user: row };
  }
}
