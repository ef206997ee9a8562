import { definePlugin, IdentityProvider } from '@mlops/plugin-api';
import { LdapIdentityProvider } from './LdapIdentityProvider.js';
import { resolveLdapSettings } from './LdapSettings.js';
import { type AuthLdapOptions, authLdapOptionsSchema } from './options.js';

/**
 * Logins checked against LDAP or Active Directory: provides an {@link IdentityProvider} that the
 * auth plugin (`@mlops/plugin-auth`) consults before its local users. Simple bind over plain LDAP,
 * StartTLS or LDAPS; LDAP groups mapped to platform roles and groups; accepted logins cached for
 * `cacheTtlMs`. Setup does not contact the directory, so the platform starts while it is down.
 * @throws InvalidArgumentError (through the kernel's setup error) for StartTLS on an `ldaps://`
 * URL, a CA given twice, or an unreadable `tls.caFile`.
 * @example
 * export default defineConfig({
 *   plugins: [
 *     authLdapPlugin({
 *       url: 'ldaps://ldap.example.org',
 *       bindDn: 'cn=mlops,ou=services,dc=example,dc=org',
 *       bindPassword: process.env.LDAP_BIND_PASSWORD,
 *       userSearchBase: 'ou=people,dc=example,dc=org',
 *       groupSearchBase: 'ou=groups,dc=example,dc=org',
 *       groupMappings: [{ group: 'ml-admins', roles: ['admin'] }],
 *     }),
 *   ],
 * });
 */
export const authLdapPlugin = definePlugin<AuthLdapOptions>({
  name: '@mlops/plugin-auth-ldap',
  version: '0.1.0',
  apiVersion: '^0.1.0',
  description: 'IdentityProvider on LDAP / Active Directory: bind, group search, group-to-role mapping',
  provides: [IdentityProvider],
  configSchema: authLdapOptionsSchema,
  async setup(ctx) {
    const settings = await resolveLdapSettings(ctx.options);
    if (!settings.secure && !settings.startTls) {
      ctx.logger.warn(
        { url: settings.url },
        'LDAP passwords will cross the network in clear: use an ldaps:// URL or startTls',
      );
    }
    ctx.provide(IdentityProvider, new LdapIdentityProvider(settings, ctx.logger));
  },
});
