import { type IdentityProvider, UnavailableError } from '@mlops/plugin-api';
import { rejectionOf, type TestKernel } from '@mlops/plugin-api/testing';
import { type LdapServer, startLdap } from '@mlops/test-servers';
import { expect } from 'chai';
import { ldapOptions, seed, startLdapKernel } from './ldapFixture.js';

describe('LdapIdentityProvider.verifyPassword against OpenLDAP', () => {
  let ldap: LdapServer;
  let kernel: TestKernel;
  let provider: IdentityProvider;
  before(async function () {
    this.timeout(600_000); // a fresh machine installs slapd first
    ldap = await startLdap(seed);
    // No cache: every answer below comes from the directory.
    ({ kernel, provider } = await startLdapKernel(ldapOptions(ldap, { cacheTtlMs: 0 })));
  });
  after(async () => {
    await kernel?.stop();
    await ldap?.stop();
  });

  it('accepts a good password, with the identity and both groups mapped', async () => {
    expect(await provider.verifyPassword('ada', 'ada-pw')).to.deep.equal({
      outcome: 'accepted',
      identity: {
        login: 'ada',
        displayName: 'Ada Lovelace',
        email: 'ada@example.org',
        roles: ['admin', 'editor'],
        groups: ['admins', 'ds'],
      },
    });
  });

  it('names the provider after the name option', async () => {
    expect(provider.name).to.equal('ldap');
  });

  it('gives a user in no group no role and no group', async () => {
    expect(await provider.verifyPassword('bob', 'bob-pw')).to.deep.equal({
      outcome: 'accepted',
      identity: { login: 'bob', roles: [], groups: [] },
    });
  });

  it('ignores LDAP groups no mapping names', async () => {
    const check = await provider.verifyPassword('carol', 'carol-pw');
    expect(check).to.deep.include({ outcome: 'accepted' });
    expect(check.outcome === 'accepted' && check.identity).to.deep.include({
      roles: ['editor'],
      groups: ['ds', 'admins'],
    });
  });

  it('finds the groups of a user whose DN needs escaping in the group filter', async () => {
    const check = await provider.verifyPassword('Smith, (J)*', 'smith-pw');
    expect(check).to.deep.equal({
      outcome: 'accepted',
      identity: { login: 'Smith, (J)*', roles: ['editor'], groups: ['ds', 'admins'] },
    });
  });

  it('returns the login as the directory spells it', async () => {
    const check = await provider.verifyPassword('ADA', 'ada-pw');
    expect(check.outcome === 'accepted' && check.identity.login).to.equal('ada');
  });

  it('rejects a wrong password', async () => {
    expect(await provider.verifyPassword('ada', 'bob-pw')).to.deep.equal({ outcome: 'rejected' });
    expect(await provider.verifyPassword('ada', 'ADA-PW')).to.deep.equal({ outcome: 'rejected' });
  });

  it('rejects an empty password, which the directory would take as an anonymous bind', async () => {
    expect(await provider.verifyPassword('ada', '')).to.deep.equal({ outcome: 'rejected' });
  });

  it('says unknown-user for a login the directory does not have, and for an empty one', async () => {
    expect(await provider.verifyPassword('mallory', 'ada-pw')).to.deep.equal({ outcome: 'unknown-user' });
    expect(await provider.verifyPassword('', 'ada-pw')).to.deep.equal({ outcome: 'unknown-user' });
  });

  describe('logins that try to inject filter syntax', () => {
    const attempts: [string, string][] = [
      ['*)(uid=*', 'a wildcard that closes the filter'],
      ['*', 'a bare wildcard'],
      ['ad*', 'a prefix wildcard'],
      ['admin)(|(uid=*', 'an OR that matches everyone'],
      ['ada)(uid=bob', 'an extra assertion'],
      ['ada\0', 'a trailing NUL'],
      ['\0', 'a lone NUL'],
      ['ada\\', 'a trailing backslash'],
      ['\\2a', 'a hex escape of * typed by the user'],
      ['back\\5cslash', 'a hex escape of a backslash typed by the user'],
    ];
    for (const [login, what] of attempts) {
      it(`matches nobody with ${what} (${JSON.stringify(login)})`, async () => {
        for (const password of ['ada-pw', 'admin-pw', 'backslash-pw']) {
          expect(await provider.verifyPassword(login, password)).to.deep.equal({ outcome: 'unknown-user' });
        }
      });
    }

    it('matches a login with a backslash and parentheses literally', async () => {
      const slash = await provider.verifyPassword('back\\slash', 'backslash-pw');
      expect(slash.outcome === 'accepted' && slash.identity.login).to.equal('back\\slash');
      expect(await provider.verifyPassword('Smith, (J)*', 'ada-pw')).to.deep.equal({ outcome: 'rejected' });
    });
  });

  it('rejects a login the user filter matches more than once, and logs why', async () => {
    const mailKernel = await startLdapKernel(
      ldapOptions(ldap, { userFilter: '(mail={login})', cacheTtlMs: 0 }),
    );
    try {
      expect(await mailKernel.provider.verifyPassword('shared@example.org', 'carol-pw')).to.deep.equal({
        outcome: 'rejected',
      });
      const warning = mailKernel.kernel.logs.find((l) => l.level === 40 && l.login === 'shared@example.org');
      expect(warning?.msg).to.equal(
        'LDAP user filter matched more than one entry; login rejected (make userFilter select one)',
      );
      expect(warning?.dns).to.have.members([ldap.userDn('carol'), ldap.userDn('dave')]);
      const ada = await mailKernel.provider.verifyPassword('ada@example.org', 'ada-pw');
      expect(ada.outcome === 'accepted' && ada.identity.login).to.equal('ada');
    } finally {
      await mailKernel.kernel.stop();
    }
  });

  it('searches anonymously without a service account', async () => {
    const anonymous = await startLdapKernel({ url: ldap.url, userSearchBase: ldap.peopleDn, cacheTtlMs: 0 });
    try {
      // The test directory lets anonymous clients bind but read nothing, not even the search base.
      const err = await rejectionOf(anonymous.provider.verifyPassword('ada', 'ada-pw'));
      expect(err).to.be.instanceOf(UnavailableError);
      expect((err as Error).message).to.equal(
        `LDAP directory ${ldap.url} failed while searching for the user: no such object (LDAP result 32)`,
      );
    } finally {
      await anonymous.kernel.stop();
    }
  });

  it('maps no group without a group search base', async () => {
    const noGroups = await startLdapKernel(ldapOptions(ldap, { groupSearchBase: undefined, cacheTtlMs: 0 }));
    try {
      const check = await noGroups.provider.verifyPassword('ada', 'ada-pw');
      expect(check.outcome === 'accepted' && check.identity).to.deep.include({ roles: [], groups: [] });
    } finally {
      await noGroups.kernel.stop();
    }
  });

  it('reads the display name and e-mail from the configured attributes', async () => {
    const other = await startLdapKernel(
      ldapOptions(ldap, { displayNameAttribute: 'cn', emailAttribute: 'uid', cacheTtlMs: 0 }),
    );
    try {
      const check = await other.provider.verifyPassword('bob', 'bob-pw');
      expect(check.outcome === 'accepted' && check.identity).to.deep.include({
        displayName: 'bob',
        email: 'bob',
      });
    } finally {
      await other.kernel.stop();
    }
  });

  it('fills {login} into the group filter too', async () => {
    const byLogin = await startLdapKernel(
      ldapOptions(ldap, { groupFilter: `(member=uid={login},${ldap.peopleDn})`, cacheTtlMs: 0 }),
    );
    try {
      const check = await byLogin.provider.verifyPassword('ada', 'ada-pw');
      expect(check.outcome === 'accepted' && check.identity).to.deep.include({
        roles: ['admin', 'editor'],
        groups: ['admins', 'ds'],
      });
    } finally {
      await byLogin.kernel.stop();
    }
  });
});
