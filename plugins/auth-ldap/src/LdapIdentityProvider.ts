import type { IdentityProvider, Logger, PasswordCheck } from '@mlops/plugin-api';
import { checkLdapPassword, type LdapAnswer } from './checkLdapPassword.js';
import type { LdapSettings } from './LdapSettings.js';
import { LoginCache } from './LoginCache.js';
import { mapLdapGroups } from './mapLdapGroups.js';

/**
 * Checks logins and passwords against an LDAP or Active Directory server and maps the user's LDAP
 * groups to platform roles and groups; accepted logins are remembered for `cacheTtlMs`.
 */
export class LdapIdentityProvider implements IdentityProvider {
  readonly name: string;
  private readonly cache: LoginCache;

  constructor(
    private readonly settings: LdapSettings,
    private readonly logger: Logger,
  ) {
    this.name = settings.name;
    this.cache = new LoginCache(settings.cacheTtlMs, settings.cacheMaxEntries);
  }

  /**
   * `accepted` with the mapped identity, `unknown-user` when the user filter matches no entry,
   * `rejected` for a wrong or empty password (an empty one never reaches the directory) or when
   * the filter matches several entries.
   * @throws UnavailableError when the directory cannot be reached, times out or fails; the cache
   * answers only for a login and password it accepted less than `cacheTtlMs` ago.
   */
  async verifyPassword(login: string, password: string): Promise<PasswordCheck> {
    if (login === '') return { outcome: 'unknown-user' };
    if (password === '') return { outcome: 'rejected' };
    const cached = this.cache.get(login, password);
    if (cached !== undefined) return { outcome: 'accepted', identity: cached };
    let answer: LdapAnswer;
    try {
      answer = await checkLdapPassword(this.settings, login, password);
    } catch (err) {
      this.logger.warn({ login, err: (err as Error).message }, 'LDAP password check failed');
      throw err;
    }
    switch (answer.outcome) {
      case 'accepted': {
        const { roles, groups } = mapLdapGroups(answer.user.groups, this.settings.groupMappings);
        const { login: spelled, displayName, email } = answer.user;
        const identity = {
          login: spelled,
          ...(displayName === undefined ? {} : { displayName }),
          ...(email === undefined ? {} : { email }),
          roles,
          groups,
        };
        this.cache.set(login, password, identity);
        this.logger.debug({ login, dn: answer.user.dn, roles, groups }, 'LDAP login accepted');
        return { outcome: 'accepted', identity };
      }
      case 'ambiguous':
        this.cache.delete(login);
        this.logger.warn(
          { login, dns: answer.dns },
          'LDAP user filter matched more than one entry; login rejected (make userFilter select one)',
        );
        return { outcome: 'rejected' };
      default:
        this.cache.delete(login);
        return { outcome: answer.outcome };
    }
  }
}
