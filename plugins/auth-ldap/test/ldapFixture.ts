import { IdentityProvider, type IdentityProvider as IdentityProviderPort } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import type { LdapServer, LdapServerOptions } from '@mlops/test-servers';
import { type AuthLdapOptions, authLdapPlugin } from '../src/index.js';

/** The directory most tests run against: users in two groups, one group, none, and odd names. */
export const seed: LdapServerOptions = {
  users: [
    { uid: 'ada', password: 'ada-pw', displayName: 'Ada Lovelace', mail: 'ada@example.org' },
    { uid: 'bob', password: 'bob-pw' },
    { uid: 'carol', password: 'carol-pw', mail: 'shared@example.org' },
    { uid: 'dave', password: 'dave-pw', mail: 'shared@example.org' },
    { uid: 'admin', password: 'admin-pw' },
    { uid: 'Smith, (J)*', password: 'smith-pw' },
    { uid: 'back\\slash', password: 'backslash-pw' },
  ],
  groups: [
    { cn: 'ml-admins', members: ['ada', 'admin'] },
    { cn: 'data-scientists', members: ['ada', 'carol', 'Smith, (J)*'] },
    { cn: 'unmapped', members: ['carol'] },
  ],
};

/** Maps `ml-admins` by name and `data-scientists` by a DN spelled unlike the server's. */
export const groupMappings = [
  { group: 'ML-Admins', roles: ['admin'], groups: ['admins'] },
  { group: 'CN=Data-Scientists, OU=groups, DC=mlops, DC=test', roles: ['editor'], groups: ['ds', 'admins'] },
  { group: 'nobody-is-in-this', roles: ['never'] },
];

/** Options for `ldap`, with its service account and both search bases; `extra` overrides. */
export function ldapOptions(
  ldap: LdapServer,
  extra: Partial<AuthLdapOptions> = {},
): Partial<AuthLdapOptions> {
  return {
    url: ldap.url,
    bindDn: ldap.bindDn,
    bindPassword: ldap.bindPassword,
    userSearchBase: ldap.peopleDn,
    groupSearchBase: ldap.groupsDn,
    groupMappings,
    ...extra,
  };
}

/** A started test kernel with the plugin, and the IdentityProvider it provides. */
export async function startLdapKernel(
  options: Partial<AuthLdapOptions>,
): Promise<{ kernel: TestKernel; provider: IdentityProviderPort }> {
  const kernel = await createTestKernel({ plugins: [authLdapPlugin(options)], logLevel: 'trace' });
  const [provider] = kernel.getAll(IdentityProvider);
  if (provider === undefined) throw new Error('the plugin provided no IdentityProvider');
  return { kernel, provider };
}
