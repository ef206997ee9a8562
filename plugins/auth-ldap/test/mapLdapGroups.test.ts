import { expect } from 'chai';
import { mapLdapGroups } from '../src/mapLdapGroups.js';
import { normalizeDn } from '../src/normalizeDn.js';

describe('normalizeDn', () => {
  it('ignores case and spaces around separators', () => {
    expect(normalizeDn('CN=ML Admins, OU=Groups ,DC=Example')).to.equal('cn=ml admins,ou=groups,dc=example');
  });

  it('spells escapes one way, hex or backslash-character', () => {
    expect(normalizeDn('uid=Smith\\2C (J)*,ou=people')).to.equal(normalizeDn('uid=smith\\, (j)*,ou=people'));
    expect(normalizeDn('cn=a\\+b+uid=c')).to.equal('cn=a\\2bb+uid=c');
    expect(normalizeDn('cn=caf\\C3\\A9')).to.equal('cn=café');
  });

  it('keeps an escaped trailing space', () => {
    expect(normalizeDn('cn=a\\ ,dc=x')).to.not.equal(normalizeDn('cn=a,dc=x'));
  });
});

describe('mapLdapGroups', () => {
  const groups = [
    { dn: 'cn=ml-admins,ou=groups,dc=mlops,dc=test', names: ['ml-admins'] },
    { dn: 'cn=data scientists,ou=groups,dc=mlops,dc=test', names: ['data scientists', 'ds'] },
  ];

  it('matches by name case-insensitively and by DN as DNs compare, without duplicates', () => {
    expect(
      mapLdapGroups(groups, [
        { group: 'ML-ADMINS', roles: ['admin'], groups: ['ops'] },
        { group: 'CN=Data Scientists, OU=groups, DC=mlops, DC=test', roles: ['editor', 'admin'] },
        { group: 'ds', groups: ['ops', 'science'] },
      ]),
    ).to.deep.equal({ roles: ['admin', 'editor'], groups: ['ops', 'science'] });
  });

  it('gives nothing for a group no mapping names, or a DN under another base', () => {
    expect(
      mapLdapGroups(groups, [
        { group: 'cn=ml-admins,ou=groups,dc=other', roles: ['admin'] },
        { group: 'ml', roles: ['admin'] },
      ]),
    ).to.deep.equal({ roles: [], groups: [] });
    expect(mapLdapGroups([], [{ group: 'ml-admins', roles: ['admin'] }])).to.deep.equal({
      roles: [],
      groups: [],
    });
  });
});
