import { createToken } from '../Token.js';

/** A person as an external directory (LDAP, Active Directory, OIDC...) knows them. */
export interface ExternalIdentity {
  /** The login the auth plugin knows the user by (e.g. the LDAP `uid`), as the directory spells it. */
  readonly login: string;
  readonly displayName?: string;
  readonly email?: string;
  /** Platform roles the directory's groups map to (e.g. `admin`), per the provider's config. */
  readonly roles: readonly string[];
  /**
   * Platform group names the directory's groups map to; the auth plugin applies the permissions
   * granted to those groups.
   */
  readonly groups: readonly string[];
}

/** What a directory said of a login and password. */
export type PasswordCheck =
  | { readonly outcome: 'accepted'; readonly identity: ExternalIdentity }
  /** The directory has no such user: the auth plugin may fall back to its local users. */
  | { readonly outcome: 'unknown-user' }
  /** The user exists and the password is wrong: no fallback. */
  | { readonly outcome: 'rejected' };

/**
 * A source of identities the auth plugin consults for passwords (HTTP Basic, logins), in plugin
 * order, before its local users. Provided by plugins/auth-ldap.
 */
export interface IdentityProvider {
  /** Names the provider in logs and in the user's record (`ldap`). */
  readonly name: string;
  /**
   * Checks a login and password.
   * @throws UnavailableError when the directory cannot be reached (the caller answers 503 and
   * lets nobody in); any other error also denies.
   */
  verifyPassword(login: string, password: string): Promise<PasswordCheck>;
}

/** External identity sources for the auth plugin (plugins/auth-ldap); many may be configured. */
export const IdentityProvider = createToken<IdentityProvider>({
  id: 'auth.identityProvider',
  description: 'external directories that check passwords (LDAP, Active Directory)',
  cardinality: 'many',
});
