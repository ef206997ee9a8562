import { readFile } from 'node:fs/promises';
import { IdentityProvider, InvalidArgumentError } from '@mlops/plugin-api';
import { createTestKernel, rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { authLdapPlugin } from '../src/index.js';
import { startLdapKernel } from './ldapFixture.js';

const base = { url: 'ldap://127.0.0.1:1', userSearchBase: 'ou=people,dc=example,dc=org' };

describe('authLdapPlugin', () => {
  it('is named and versioned as its package', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(authLdapPlugin.manifest.name).to.equal(pkg.name);
    expect(authLdapPlugin.manifest.version).to.equal(pkg.version);
  });

  it('provides an IdentityProvider without contacting the directory, with defaults and the secret masked', async () => {
    // Nothing listens on port 1: setup must not need the directory, so the platform starts while it is down.
    const { kernel, provider } = await startLdapKernel({
      ...base,
      bindDn: 'cn=reader,dc=example,dc=org',
      bindPassword: 'hunter2',
      name: 'corp-ldap',
    });
    try {
      expect(kernel.getAll(IdentityProvider)).to.have.length(1);
      expect(provider.name).to.equal('corp-ldap');
      expect(kernel.plugins[0]?.maskedOptions).to.deep.equal({
        ...base,
        name: 'corp-ldap',
        bindDn: 'cn=reader,dc=example,dc=org',
        bindPassword: '***',
        userFilter: '(uid={login})',
        loginAttribute: 'uid',
        displayNameAttribute: 'displayName',
        emailAttribute: 'mail',
        groupFilter: '(&(objectClass=groupOfNames)(member={dn}))',
        groupNameAttribute: 'cn',
        groupMappings: [],
        startTls: false,
        tls: { rejectUnauthorized: true },
        timeoutMs: 5000,
        cacheTtlMs: 60_000,
        cacheMaxEntries: 10_000,
      });
      expect(JSON.stringify(kernel.logs)).not.to.include('hunter2');
    } finally {
      await kernel.stop();
    }
  });

  it('warns when passwords would cross the network in clear, and not over TLS', async () => {
    const plain = await startLdapKernel(base);
    const tls = await startLdapKernel({ ...base, startTls: true });
    try {
      const warning = 'LDAP passwords will cross the network in clear: use an ldaps:// URL or startTls';
      expect(plain.kernel.logs.filter((l) => l.msg === warning)).to.have.length(1);
      expect(tls.kernel.logs.filter((l) => l.msg === warning)).to.have.length(0);
    } finally {
      await plain.kernel.stop();
      await tls.kernel.stop();
    }
  });

  it('refuses bad options, naming each field', async () => {
    const err = await rejectionOf(
      createTestKernel({
        plugins: [
          authLdapPlugin({
            url: 'http://ldap.example.org',
            bindDn: 'cn=reader,dc=example,dc=org',
            userFilter: '(uid=*)',
            groupFilter: 'member={dn}',
            groupMappings: [{ roles: ['admin'] }],
            timeoutMs: 0,
            cacheTtlMs: -1,
            tls: { rejectUnauthorized: 'no' },
            bindPasword: 'typo',
          } as never),
        ],
      }),
    );
    expect((err as { code?: string }).code).to.equal('PLUGIN_BAD_OPTIONS');
    const name = 'plugin "@mlops/plugin-auth-ldap":';
    expect((err as Error).message.split('\n')).to.have.members([
      `${name} /userSearchBase is required`,
      `${name} /bindPasword is not a known option`,
      `${name} / must have property bindPassword when property bindDn is present`,
      `${name} /url must match pattern "^ldaps?://[^/]+/?$"`,
      `${name} /userFilter must match pattern "^\\(.*\\{login\\}.*\\)$"`,
      `${name} /groupFilter must match pattern "^\\(.*\\{(dn|login)\\}.*\\)$"`,
      `${name} /groupMappings/0/group is required`,
      `${name} /tls/rejectUnauthorized must be boolean`,
      `${name} /timeoutMs must be >= 1`,
      `${name} /cacheTtlMs must be >= 0`,
    ]);
  });

  describe('refuses in setup what the schema cannot check', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      [
        'StartTLS on an ldaps:// URL',
        { url: 'ldaps://ldap.example.org', startTls: true },
        'startTls is for ldap:// URLs; ldaps://ldap.example.org is already TLS from the start: drop startTls or use ldap://',
        '/startTls',
      ],
      [
        'a CA given twice',
        { tls: { ca: 'PEM', caFile: '/etc/ssl/ca.pem' } },
        'give tls.ca or tls.caFile, not both',
        '/tls/caFile',
      ],
      [
        'a user filter that does not parse',
        { userFilter: '(uid={login}))' },
        'userFilter (uid={login})) is not a valid LDAP filter: Unbalanced parens in filter string: (uid=x))',
        '/userFilter',
      ],
      [
        'a user filter that refers to the DN it is looking for',
        { userFilter: '(&(uid={login})(member={dn}))' },
        "userFilter (&(uid={login})(member={dn})) is not a valid LDAP filter: only groupFilter knows the user's {dn}",
        '/userFilter',
      ],
      [
        'a group filter that does not parse',
        { groupFilter: '(member={dn})(cn=x)' },
        'groupFilter (member={dn})(cn=x) is not a valid LDAP filter: Unbalanced parens in filter string: (member=cn=x)(cn=x)',
        '/groupFilter',
      ],
      [
        'an unreadable CA file',
        { tls: { caFile: '/nonexistent/ca.pem' } },
        'tls.caFile "/nonexistent/ca.pem" cannot be read: ENOENT: no such file or directory, open \'/nonexistent/ca.pem\'',
        '/tls/caFile',
      ],
    ];
    for (const [what, options, message, field] of cases) {
      it(`refuses ${what}, naming ${field}`, async () => {
        const err = await rejectionOf(
          createTestKernel({ plugins: [authLdapPlugin({ ...base, ...options })] }),
        );
        expect((err as { code?: string }).code).to.equal('PLUGIN_SETUP_FAILED');
        expect((err as Error).message).to.equal(
          `plugin "@mlops/plugin-auth-ldap" failed in setup: ${message}`,
        );
        const cause = (err as Error).cause;
        expect(cause).to.be.instanceOf(InvalidArgumentError);
        expect((cause as InvalidArgumentError).details).to.deep.equal({ field });
      });
    }
  });
});
