import { inspect } from 'node:util';
import { UnavailableError } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { type LdapServer, startLdap } from '@mlops/test-servers';
import { expect } from 'chai';
import { Attribute, Change, Client } from 'ldapts';
import { ldapOptions, seed, startLdapKernel } from './ldapFixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectUnavailable(promise: Promise<unknown>, message: string): Promise<void> {
  const err = await rejectionOf(promise, 'a password check against a failing directory');
  expect(err).to.be.instanceOf(UnavailableError);
  expect((err as Error).message).to.equal(message);
}

describe('LdapIdentityProvider when the directory fails', () => {
  let ldap: LdapServer | undefined;
  before(async function () {
    this.timeout(600_000); // a fresh machine installs slapd first
    await (await startLdap()).stop();
  });
  afterEach(async () => {
    await ldap?.stop();
    ldap = undefined;
  });

  it('answers UnavailableError, naming the URL, once the directory is stopped mid-test', async () => {
    ldap = await startLdap(seed);
    const { kernel, provider } = await startLdapKernel(ldapOptions(ldap, { cacheTtlMs: 0 }));
    try {
      expect((await provider.verifyPassword('ada', 'ada-pw')).outcome).to.equal('accepted');
      await ldap.stop();
      const port = new URL(ldap.url).port;
      for (const password of ['ada-pw', 'wrong']) {
        await expectUnavailable(
          provider.verifyPassword('ada', password),
          `LDAP directory ${ldap.url} cannot be reached (connect ECONNREFUSED 127.0.0.1:${port}) while binding as the service account`,
        );
      }
      const warning = kernel.logs.find((l) => l.msg === 'LDAP password check failed');
      expect(warning).to.deep.include({ level: 40, login: 'ada', plugin: '@mlops/plugin-auth-ldap' });
    } finally {
      await kernel.stop();
    }
  });

  it('times out on a directory that accepts connections but never answers', async function () {
    this.timeout(10_000);
    ldap = await startLdap(seed);
    const { kernel, provider } = await startLdapKernel(ldapOptions(ldap, { cacheTtlMs: 0, timeoutMs: 300 }));
    try {
      ldap.pause();
      const started = Date.now();
      await expectUnavailable(
        provider.verifyPassword('ada', 'ada-pw'),
        `LDAP directory ${ldap.url} did not answer within 300 ms while binding as the service account`,
      );
      expect(Date.now() - started).to.be.below(3000);
      ldap.resume();
      expect((await provider.verifyPassword('ada', 'ada-pw')).outcome).to.equal('accepted');
    } finally {
      await kernel.stop();
    }
  });

  it('answers UnavailableError when the service account is refused, without the bind password anywhere', async () => {
    ldap = await startLdap(seed);
    const secret = 'not-the-reader-password';
    const { kernel, provider } = await startLdapKernel(ldapOptions(ldap, { bindPassword: secret }));
    try {
      const err = await rejectionOf(provider.verifyPassword('ada', 'ada-pw'));
      expect(err).to.be.instanceOf(UnavailableError);
      expect((err as Error).message).to.equal(
        `LDAP directory ${ldap.url} failed while binding as the service account: invalid credentials (LDAP result 49)`,
      );
      expect(inspect(err, { depth: 10 })).not.to.include(secret);
      expect(kernel.plugins[0]?.maskedOptions).to.deep.include({ bindDn: ldap.bindDn, bindPassword: '***' });
      expect(JSON.stringify(kernel.logs)).not.to.include(secret);
      expect(JSON.stringify(kernel.logs)).not.to.include('ada-pw');
    } finally {
      await kernel.stop();
    }
  });

  it('answers UnavailableError for a search base the directory does not have', async () => {
    ldap = await startLdap(seed);
    const { kernel, provider } = await startLdapKernel(
      ldapOptions(ldap, { userSearchBase: 'ou=nowhere,dc=mlops,dc=test' }),
    );
    try {
      await expectUnavailable(
        provider.verifyPassword('ada', 'ada-pw'),
        `LDAP directory ${ldap.url} failed while searching for the user: no such object (LDAP result 32)`,
      );
    } finally {
      await kernel.stop();
    }
  });

  describe('the cache of accepted logins', () => {
    it('answers from the cache within the TTL while the directory is down, and not after', async function () {
      this.timeout(10_000);
      ldap = await startLdap(seed);
      const { kernel, provider } = await startLdapKernel(ldapOptions(ldap, { cacheTtlMs: 1000 }));
      try {
        const accepted = await provider.verifyPassword('ada', 'ada-pw');
        expect(accepted.outcome).to.equal('accepted');
        await ldap.kill();
        expect(await provider.verifyPassword('ada', 'ada-pw')).to.deep.equal(accepted);
        // A password the cache does not know goes to the directory, which is gone.
        await expectUnavailable(
          provider.verifyPassword('ada', 'ada-pw2'),
          `LDAP directory ${ldap.url} cannot be reached (connect ECONNREFUSED 127.0.0.1:${new URL(ldap.url).port}) while binding as the service account`,
        );
        await sleep(1050);
        const err = await rejectionOf(provider.verifyPassword('ada', 'ada-pw'));
        expect(err).to.be.instanceOf(UnavailableError);
      } finally {
        await kernel.stop();
      }
    });

    it('keeps an old password valid until the TTL ends after a change in the directory', async function () {
      this.timeout(10_000);
      ldap = await startLdap(seed);
      const { kernel, provider } = await startLdapKernel(ldapOptions(ldap, { cacheTtlMs: 1000 }));
      try {
        expect((await provider.verifyPassword('ada', 'ada-pw')).outcome).to.equal('accepted');
        await changePassword(ldap, 'ada', 'ada-new-pw');
        expect((await provider.verifyPassword('ada', 'ada-pw')).outcome).to.equal('accepted');
        await sleep(1050);
        expect(await provider.verifyPassword('ada', 'ada-pw')).to.deep.equal({ outcome: 'rejected' });
        expect((await provider.verifyPassword('ada', 'ada-new-pw')).outcome).to.equal('accepted');
        // The cache holds one password per login: another one goes to the directory.
        await changePassword(ldap, 'ada', 'ada-pw');
        expect((await provider.verifyPassword('ada', 'ada-pw')).outcome).to.equal('accepted');
      } finally {
        await kernel.stop();
      }
    });

    it('forgets a login the directory rejected a password for', async () => {
      ldap = await startLdap(seed);
      const { kernel, provider } = await startLdapKernel(ldapOptions(ldap, { cacheTtlMs: 60_000 }));
      try {
        expect((await provider.verifyPassword('ada', 'ada-pw')).outcome).to.equal('accepted');
        expect(await provider.verifyPassword('ada', 'wrong')).to.deep.equal({ outcome: 'rejected' });
        await ldap.stop();
        const err = await rejectionOf(provider.verifyPassword('ada', 'ada-pw'));
        expect(err).to.be.instanceOf(UnavailableError);
      } finally {
        await kernel.stop();
      }
    });

    it('keeps no password in memory, only a keyed hash', async () => {
      ldap = await startLdap(seed);
      const { kernel, provider } = await startLdapKernel(ldapOptions(ldap, { cacheTtlMs: 60_000 }));
      try {
        expect((await provider.verifyPassword('ada', 'ada-pw')).outcome).to.equal('accepted');
        await ldap.stop();
        expect((await provider.verifyPassword('ada', 'ada-pw')).outcome).to.equal('accepted');
        const dump = inspect(provider, { depth: 20, showHidden: true });
        expect(dump).to.include('ada@example.org');
        expect(dump).not.to.include('ada-pw');
        expect(dump).not.to.include(Buffer.from('ada-pw').toString('hex'));
        expect(dump).not.to.include(ldap.bindPassword);
        expect(JSON.stringify(kernel.logs)).not.to.include('ada-pw');
        expect(JSON.stringify(kernel.logs)).not.to.include(ldap.bindPassword);
      } finally {
        await kernel.stop();
      }
    });
  });
});

/** Changes a user's password as the directory's admin. */
async function changePassword(ldap: LdapServer, uid: string, password: string): Promise<void> {
  const admin = new Client({ url: ldap.url });
  try {
    await admin.bind(ldap.adminDn, ldap.adminPassword);
    await admin.modify(
      ldap.userDn(uid),
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'userPassword', values: [password] }),
      }),
    );
  } finally {
    await admin.unbind();
  }
}
