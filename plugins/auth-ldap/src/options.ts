import type { JsonSchema } from '@mlops/plugin-api';

/** Maps one LDAP group to platform roles and platform group names. */
export interface LdapGroupMapping {
  /**
   * The LDAP group: its DN (`cn=ml-admins,ou=groups,dc=example,dc=org`, compared as a DN, case
   * and escaping aside) or, without an `=`, its name (the `groupNameAttribute`, case-insensitive).
   */
  readonly group: string;
  /** Platform roles its members get, e.g. `admin`. */
  readonly roles?: readonly string[];
  /** Platform groups its members join; the auth plugin applies those groups' permissions. */
  readonly groups?: readonly string[];
}

/** TLS settings for `ldaps://` URLs and for StartTLS. */
export interface LdapTlsOptions {
  /** A PEM file of the CA(s) that signed the directory's certificate, read at setup. */
  readonly caFile?: string;
  /** The same as PEM text; give this or `caFile`. Without either, Node's bundled CAs are trusted. */
  readonly ca?: string;
  /** Refuse a certificate that no trusted CA signed or that names another host. Leave on outside tests. */
  readonly rejectUnauthorized: boolean;
  /** The host name the certificate must name, when it differs from the URL's host. */
  readonly servername?: string;
}

/** Options of {@link authLdapPlugin}. */
export interface AuthLdapOptions {
  /** Names the provider in logs and in the user's record. */
  readonly name: string;
  /** `ldap://host:389` or `ldaps://host:636`. */
  readonly url: string;
  /** The service account that searches users and groups; without it, searches are anonymous. */
  readonly bindDn?: string;
  /** Secret: masked in printed options and never logged. Required with `bindDn`. */
  readonly bindPassword?: string;
  /** Where users are searched (subtree), e.g. `ou=people,dc=example,dc=org`. */
  readonly userSearchBase: string;
  /** The user search filter; `{login}` is replaced by the login, escaped per RFC 4515. */
  readonly userFilter: string;
  /** The attribute holding the login, as the directory spells it (`uid`; `sAMAccountName` on AD). */
  readonly loginAttribute: string;
  /** The attribute holding the user's full name (`displayName`); none when the entry lacks it. */
  readonly displayNameAttribute: string;
  /** The attribute holding the user's e-mail address (`mail`). */
  readonly emailAttribute: string;
  /** Where groups are searched (subtree). Without it, no group is searched and none is mapped. */
  readonly groupSearchBase?: string;
  /**
   * The group search filter; `{dn}` is replaced by the user's DN and `{login}` by the login, both
   * escaped per RFC 4515. Use `(member={dn})` for groupOfNames, `(memberUid={login})` for posixGroup.
   */
  readonly groupFilter: string;
  /** The attribute holding a group's name, matched by mappings that give a name rather than a DN. */
  readonly groupNameAttribute: string;
  /** LDAP groups to platform roles and groups; unmapped LDAP groups give nothing. */
  readonly groupMappings: readonly LdapGroupMapping[];
  /** Upgrade an `ldap://` connection with StartTLS before any bind (not with `ldaps://`). */
  readonly startTls: boolean;
  readonly tls: LdapTlsOptions;
  /** How long each connect and each LDAP operation may take before the directory counts as unavailable. */
  readonly timeoutMs: number;
  /**
   * How long an accepted login and password are remembered, so the directory is not asked on
   * every request. A password change or a disabled account applies only after it. 0: no cache.
   */
  readonly cacheTtlMs: number;
  /** The most logins remembered at once; the oldest is forgotten first. */
  readonly cacheMaxEntries: number;
}

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } };

/** JSON Schema of {@link AuthLdapOptions}; the kernel validates options, fills defaults and masks secrets. */
export const authLdapOptionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'userSearchBase'],
  dependentRequired: { bindDn: ['bindPassword'], bindPassword: ['bindDn'] },
  properties: {
    name: { type: 'string', minLength: 1, default: 'ldap' },
    url: { type: 'string', pattern: '^ldaps?://[^/]+/?$' },
    bindDn: { type: 'string', minLength: 1 },
    bindPassword: { type: 'string', minLength: 1, writeOnly: true },
    userSearchBase: { type: 'string', minLength: 1 },
    userFilter: { type: 'string', pattern: '^\\(.*\\{login\\}.*\\)$', default: '(uid={login})' },
    loginAttribute: { type: 'string', minLength: 1, default: 'uid' },
    displayNameAttribute: { type: 'string', minLength: 1, default: 'displayName' },
    emailAttribute: { type: 'string', minLength: 1, default: 'mail' },
    groupSearchBase: { type: 'string', minLength: 1 },
    groupFilter: {
      type: 'string',
      pattern: '^\\(.*\\{(dn|login)\\}.*\\)$',
      default: '(&(objectClass=groupOfNames)(member={dn}))',
    },
    groupNameAttribute: { type: 'string', minLength: 1, default: 'cn' },
    groupMappings: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['group'],
        properties: { group: { type: 'string', minLength: 1 }, roles: stringList, groups: stringList },
      },
    },
    startTls: { type: 'boolean', default: false },
    tls: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        caFile: { type: 'string', minLength: 1 },
        ca: { type: 'string', minLength: 1 },
        rejectUnauthorized: { type: 'boolean', default: true },
        servername: { type: 'string', minLength: 1 },
      },
    },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 600_000, default: 5000 },
    cacheTtlMs: { type: 'integer', minimum: 0, maximum: 86_400_000, default: 60_000 },
    cacheMaxEntries: { type: 'integer', minimum: 1, default: 10_000 },
  },
};
