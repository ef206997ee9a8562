/** A person to seed into the test directory (an `inetOrgPerson` under `ou=people`). */
export interface LdapTestUser {
  /** The login (`uid`), also the entry's RDN: `uid=<uid>,ou=people,<baseDn>`. Any characters. */
  readonly uid: string;
  /** Stored as `userPassword` in clear text; slapd compares it on a simple bind. */
  readonly password: string;
  /** Defaults to the uid. */
  readonly cn?: string;
  /** Defaults to the uid. */
  readonly sn?: string;
  readonly displayName?: string;
  readonly mail?: string;
}

/** A `groupOfNames` under `ou=groups`, with the listed users as `member`s. */
export interface LdapTestGroup {
  readonly cn: string;
  /** The uids of its members; at least one (groupOfNames requires a member). */
  readonly members: readonly string[];
}

/** Where the seeded entries live. */
export interface LdapTree {
  readonly baseDn: string;
  readonly peopleDn: string;
  readonly groupsDn: string;
  /** The read-only service account tests bind as. */
  readonly readerDn: string;
}

/** The tree under `baseDn`: `ou=people`, `ou=groups` and a `cn=reader` service account. */
export function ldapTree(baseDn: string): LdapTree {
  return {
    baseDn,
    peopleDn: `ou=people,${baseDn}`,
    groupsDn: `ou=groups,${baseDn}`,
    readerDn: `cn=reader,${baseDn}`,
  };
}

/** The DN of a seeded user. */
export function ldapUserDn(tree: LdapTree, uid: string): string {
  return `uid=${escapeDnValue(uid)},${tree.peopleDn}`;
}

/** The DN of a seeded group. */
export function ldapGroupDn(tree: LdapTree, cn: string): string {
  return `cn=${escapeDnValue(cn)},${tree.groupsDn}`;
}

/**
 * The LDIF for `slapadd`: the base entry, the two organisational units, the reader account, the
 * users and the groups.
 * @throws Error when the base DN does not start with `dc=`, a group has no member, or names an
 * unknown user.
 */
export function ldapSeedLdif(
  tree: LdapTree,
  readerPassword: string,
  users: readonly LdapTestUser[],
  groups: readonly LdapTestGroup[],
): string {
  const dc = /^dc=([^,]+),/i.exec(tree.baseDn)?.[1];
  if (dc === undefined) throw new Error(`baseDn must start with dc=..., got "${tree.baseDn}"`);
  const uids = new Set(users.map((u) => u.uid));
  const entries: Entry[] = [
    {
      dn: tree.baseDn,
      attrs: [
        ['objectClass', 'dcObject'],
        ['objectClass', 'organization'],
        ['dc', dc],
        ['o', dc],
      ],
    },
    {
      dn: tree.peopleDn,
      attrs: [
        ['objectClass', 'organizationalUnit'],
        ['ou', 'people'],
      ],
    },
    {
      dn: tree.groupsDn,
      attrs: [
        ['objectClass', 'organizationalUnit'],
        ['ou', 'groups'],
      ],
    },
    {
      dn: tree.readerDn,
      attrs: [
        ['objectClass', 'organizationalRole'],
        ['objectClass', 'simpleSecurityObject'],
        ['cn', 'reader'],
        ['userPassword', readerPassword],
      ],
    },
  ];
  for (const user of users) {
    const attrs: [string, string][] = [
      ['objectClass', 'inetOrgPerson'],
      ['uid', user.uid],
      ['cn', user.cn ?? user.uid],
      ['sn', user.sn ?? user.uid],
      ['userPassword', user.password],
    ];
    if (user.displayName !== undefined) attrs.push(['displayName', user.displayName]);
    if (user.mail !== undefined) attrs.push(['mail', user.mail]);
    entries.push({ dn: ldapUserDn(tree, user.uid), attrs });
  }
  for (const group of groups) {
    if (group.members.length === 0) throw new Error(`group "${group.cn}" needs at least one member`);
    const unknown = group.members.find((uid) => !uids.has(uid));
    if (unknown !== undefined) throw new Error(`group "${group.cn}" names an unknown user "${unknown}"`);
    const attrs: [string, string][] = [
      ['objectClass', 'groupOfNames'],
      ['cn', group.cn],
      ...group.members.map((uid): [string, string] => ['member', ldapUserDn(tree, uid)]),
    ];
    entries.push({ dn: ldapGroupDn(tree, group.cn), attrs });
  }
  return entries.map(toLdif).join('\n');
}

interface Entry {
  readonly dn: string;
  readonly attrs: readonly (readonly [string, string])[];
}

/** Every value base64-encoded (`attr:: ...`), so any character, NUL and leading spaces included, survives. */
function toLdif(entry: Entry): string {
  const line = (name: string, value: string) =>
    `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}\n`;
  return line('dn', entry.dn) + entry.attrs.map(([name, value]) => line(name, value)).join('');
}

/** Escapes an attribute value for use in a DN (RFC 4514, section 2.4). */
function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/\0/g, '\\00')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}
