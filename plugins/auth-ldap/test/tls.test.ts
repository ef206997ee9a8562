import { UnavailableError } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { type LdapServer, startLdap } from '@mlops/test-servers';
import { expect } from 'chai';
import { ldapOptions, seed, startLdapKernel } from './ldapFixture.js';

describe('LdapIdentityProvider over TLS', () => {
  let ldap: LdapServer;
  let ldapsUrl: string;
  let ca: string;
  let caFile: string;
  before(async function () {
    this.timeout(600_000); // a fresh machine installs slapd first
    ldap = await startLdap({ ...seed, tls: true });
    if (ldap.ldapsUrl === undefined || ldap.tls === undefined)
      throw new Error('startLdap made no TLS listener');
    ({ ca, caFile } = ldap.tls);
    ldapsUrl = ldap.ldapsUrl;
  });
  after(() => ldap?.stop());

  async function check(options: Parameters<typeof ldapOptions>[1]): Promise<unknown> {
    const { kernel, provider } = await startLdapKernel(ldapOptions(ldap, { cacheTtlMs: 0, ...options }));
    try {
      return await provider.verifyPassword('ada', 'ada-pw').catch((err: unknown) => err);
    } finally {
      await kernel.stop();
    }
  }

  it('binds over LDAPS, trusting the CA given as a file or as PEM text', async () => {
    for (const tls of [{ caFile }, { ca }]) {
      const answer = await check({ url: ldapsUrl, tls: { ...tls, rejectUnauthorized: true } });
      expect(answer).to.deep.include({ outcome: 'accepted' });
    }
  });

  it('upgrades a plain connection with StartTLS', async () => {
    expect(await check({ startTls: true, tls: { caFile, rejectUnauthorized: true } })).to.deep.include({
      outcome: 'accepted',
    });
  });

  it('refuses a certificate from a CA it was not given', async () => {
    const ldaps = await check({ url: ldapsUrl });
    expect(ldaps).to.be.instanceOf(UnavailableError);
    expect((ldaps as Error).message).to.equal(
      `LDAP directory ${ldapsUrl} cannot be reached (self-signed certificate in certificate chain) while binding as the service account`,
    );
    const startTls = await check({ startTls: true });
    expect(startTls).to.be.instanceOf(UnavailableError);
    expect((startTls as Error).message).to.equal(
      `LDAP directory ${ldap.url} cannot be reached (self-signed certificate in certificate chain) while starting TLS`,
    );
  });

  it('checks the certificate against servername when given', async () => {
    for (const transport of [{ url: ldapsUrl }, { startTls: true }]) {
      const wrongName = await check({
        ...transport,
        tls: { caFile, servername: 'ldap.example.org', rejectUnauthorized: true },
      });
      expect(wrongName).to.be.instanceOf(UnavailableError);
      expect((wrongName as Error).message).to.include(
        "(Hostname/IP does not match certificate's altnames: Host: ldap.example.org. is not in the cert's altnames: IP Address:127.0.0.1, DNS:localhost)",
      );
      const rightName = await check({
        ...transport,
        tls: { caFile, servername: 'localhost', rejectUnauthorized: true },
      });
      expect(rightName).to.deep.include({ outcome: 'accepted' });
    }
  });

  it('accepts an untrusted certificate only with rejectUnauthorized off', async () => {
    expect(await check({ url: ldapsUrl, tls: { rejectUnauthorized: false } })).to.deep.include({
      outcome: 'accepted',
    });
  });

  it('answers UnavailableError when the directory does not offer StartTLS', async () => {
    const plain = await startLdap(seed);
    try {
      const { kernel, provider } = await startLdapKernel(
        ldapOptions(plain, { startTls: true, tls: { caFile, rejectUnauthorized: true } }),
      );
      try {
        const err = await rejectionOf(provider.verifyPassword('ada', 'ada-pw'));
        expect(err).to.be.instanceOf(UnavailableError);
        expect((err as Error).message).to.match(
          new RegExp(`^LDAP directory ${plain.url} failed while starting TLS: protocol \\(LDAP result 2\\)`),
        );
      } finally {
        await kernel.stop();
      }
    } finally {
      await plain.stop();
    }
  });
});
