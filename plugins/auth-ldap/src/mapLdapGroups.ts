import { normalizeDn } from './normalizeDn.js';
import type { LdapGroupMapping } from './options.js';

/** A group the directory says the user belongs to. */
export interface LdapGroup {
  readonly dn: string;
  /** The values of the group's name attribute (usually one `cn`). */
  readonly names: readonly string[];
}

/** The platform roles and group names a user's LDAP groups map to. */
export interface MappedGroups {
  readonly roles: string[];
  readonly groups: string[];
}

/**
 * The roles and groups of every mapping that matches one of `ldapGroups`, without duplicates, in
 * mapping order. A mapping with an `=` matches a group's DN (as DNs compare); one without matches
 * a group's name, case-insensitively.
 */
export function mapLdapGroups(
  ldapGroups: readonly LdapGroup[],
  mappings: readonly LdapGroupMapping[],
): MappedGroups {
  const dns = new Set(ldapGroups.map((g) => normalizeDn(g.dn)));
  const names = new Set(ldapGroups.flatMap((g) => g.names.map((n) => n.toLowerCase())));
  const roles = new Set<string>();
  const groups = new Set<string>();
  for (const mapping of mappings) {
    const matches = mapping.group.includes('=')
      ? dns.has(normalizeDn(mapping.group))
      : names.has(mapping.group.toLowerCase());
    if (!matches) continue;
    for (const role of mapping.roles ?? []) roles.add(role);
    for (const group of mapping.groups ?? []) groups.add(group);
  }
  return { roles: [...roles], groups: [...groups] };
}
