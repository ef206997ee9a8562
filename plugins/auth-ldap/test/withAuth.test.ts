import { type LdapServer, type LdapServerOptions, startLdap } from '@mlops/test-servers';
import { expect } from 'chai';
import type { AuthLdapOptions } from '../src/index.js';
import { DirectoryAddress } from './withAuthDirectoryAddress.js';
import {
  type Answer,
  adminPassword,
  asAdmin,
  basic,
  ok,
  startWithAuthServer,
  type WithAuthServer,
} from './withAuthServer.js';

/** The directory of these tests; every password differs from every local one. */
const seed: LdapServerOptions = {
  users: [
    { uid: 'ada', password: 'ada-ldap-pw' },
    { uid: 'grace', password: 'grace-ldap-pw' },
    // Logs in for the first time while the directory is down.
    { uid: 'dana', password: 'dana-ldap-pw' },
    { uid: 'carol', password: 'carol-ldap-pw' },
    // Also a local user, with another password.
    { uid: 'erin', password: 'erin-ldap-pw' },
  ],
  groups: [
    { cn: 'ml-admins', members: ['ada'] },
    { cn: 'ml-engineers', members: ['grace', 'dana'] },
    { cn: 'unmapped', members: ['carol'] },
  ],
};

const groupMappings = [
  { group: 'ml-admins', roles: ['admin'] },
  { group: 'ml-engineers', groups: ['ml-team'] },
];

/** Short enough for a test of a hung directory, long enough for slapd on a busy machine. */
const ldapTimeoutMs = 1500;

const asGrace = basic('grace', 'grace-ldap-pw');
const asCarol = basic('carol', 'carol-ldap-pw');
const asAda = basic('ada', 'ada-ldap-pw');
const asDana = basic('dana', 'dana-ldap-pw');
const asFrank = basic('frank', 'frank-local-pw');
const asGina = basic('gina', 'gina-local-pw');

const badCredentials = {
  error_code: 'UNAUTHENTICATED',
  message: 'invalid username or password',
  details: { reason: 'bad_credentials' },
};

function denied(answer: Answer, message: string): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(403);
  expect(answer.body).to.deep.equal({
    error_code: 'PERMISSION_DENIED',
    message,
    details: { reason: 'forbidden' },
  });
}

function unauthenticated(answer: Answer): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(401);
  expect(answer.body).to.deep.equal(badCredentials);
}

describe('auth-ldap with the auth plugin: LDAP users on the MLflow API', function () {
  this.timeout(60_000);
  let ldap: LdapServer;
  const address = new DirectoryAddress();
  let server: WithAuthServer;
  let experimentId: string;
  let runId: string;

  const ldapOptions = (): Partial<AuthLdapOptions> => ({
    url: address.url,
    bindDn: ldap.bindDn,
    bindPassword: ldap.bindPassword,
    userSearchBase: ldap.peopleDn,
    groupSearchBase: ldap.groupsDn,
    groupMappings,
    timeoutMs: ldapTimeoutMs,
  });

  before(async function () {
    this.timeout(600_000); // a fresh machine installs slapd first
    ldap = await startLdap(seed);
    await address.open(ldap.url);
    server = await startWithAuthServer({
      ldap: ldapOptions(),
      auth: { defaultPermission: 'NO_PERMISSIONS' },
    });
    experimentId = ok<{ experiment_id: string }>(
      await server.mlflow(asAdmin, 'POST', '/experiments/create', { name: 'team-exp' }),
    ).experiment_id;
    ok(
      await server.call('PUT', `/api/v1/experiments/${experimentId}/permissions/groups/ml-team`, asAdmin, {
        permission: 'EDIT',
      }),
    );
  });
  after(async () => {
    await server?.stop();
    await address.close();
    await ldap?.stop();
  });

  it('lets a user whose LDAP group maps to ml-team, which holds EDIT, log a run there with Basic', async () => {
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', asGrace))).to.deep.equal({
      id: 'grace',
      kind: 'user',
      roles: ['group:ml-team'],
    });
    const found = ok<{ experiment: { experiment_id: string } }>(
      await server.mlflow(asGrace, 'GET', '/experiments/get-by-name', { experiment_name: 'team-exp' }),
    );
    expect(found.experiment.experiment_id).to.equal(experimentId);
    runId = ok<{ run: { info: { run_id: string } } }>(
      await server.mlflow(asGrace, 'POST', '/runs/create', {
        experiment_id: experimentId,
        start_time: Date.now(),
      }),
    ).run.info.run_id;
    ok(
      await server.mlflow(asGrace, 'POST', '/runs/log-batch', {
        run_id: runId,
        metrics: [{ key: 'acc', value: 0.9, timestamp: Date.now(), step: 0 }],
        params: [{ key: 'lr', value: '0.1' }],
        tags: [],
      }),
    );
    ok(
      await server.mlflow(asGrace, 'POST', '/runs/update', {
        run_id: runId,
        status: 'FINISHED',
        end_time: Date.now(),
      }),
    );
    const run = ok<{
      run: { info: { status: string }; data: { metrics: { key: string; value: number }[] } };
    }>(await server.mlflow(asGrace, 'GET', '/runs/get', { run_id: runId }));
    expect(run.run.info.status).to.equal('FINISHED');
    expect(run.run.data.metrics.map((m) => [m.key, m.value])).to.deep.equal([['acc', 0.9]]);
    denied(
      await server.mlflow(asGrace, 'POST', '/experiments/delete', { experiment_id: experimentId }),
      `"grace" may not MANAGE experiment "${experimentId}"`,
    );
    const searched = ok<{ experiments?: { name: string }[] }>(
      await server.mlflow(asGrace, 'POST', '/experiments/search', { max_results: 100 }),
    );
    expect((searched.experiments ?? []).map((e) => e.name)).to.deep.equal(['team-exp']);
  });

  it('refuses a user in no mapped LDAP group (403) and shows them nothing of the experiment in searches', async () => {
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', asCarol))).to.deep.equal({
      id: 'carol',
      kind: 'user',
      roles: [],
    });
    denied(
      await server.mlflow(asCarol, 'GET', '/experiments/get', { experiment_id: experimentId }),
      `"carol" may not READ experiment "${experimentId}"`,
    );
    denied(
      await server.mlflow(asCarol, 'GET', '/experiments/get-by-name', { experiment_name: 'team-exp' }),
      `"carol" may not READ experimentName "team-exp"`,
    );
    denied(
      await server.mlflow(asCarol, 'POST', '/runs/create', {
        experiment_id: experimentId,
        start_time: Date.now(),
      }),
      `"carol" may not EDIT experiment "${experimentId}"`,
    );
    denied(
      await server.mlflow(asCarol, 'GET', '/runs/get', { run_id: runId }),
      `"carol" may not READ run "${runId}"`,
    );
    const experiments = ok<{ experiments?: unknown[] }>(
      await server.mlflow(asCarol, 'POST', '/experiments/search', { max_results: 100 }),
    );
    expect(experiments.experiments ?? []).to.deep.equal([]);
    const runs = ok<{ runs?: unknown[] }>(
      await server.mlflow(asCarol, 'POST', '/runs/search', { experiment_ids: [experimentId] }),
    );
    expect(runs.runs ?? []).to.deep.equal([]);
    const native = ok<{ runs: unknown[]; total_count: number }>(
      await server.call('GET', '/api/v1/runs?count=true', asCarol),
    );
    expect(native).to.deep.include({ runs: [], total_count: 0 });
  });

  it('lets a user whose LDAP group maps to the admin role manage users; others may not', async () => {
    const created = await server.call('POST', '/api/v1/users', asAda, {
      username: 'frank',
      password: 'frank-local-pw',
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body).to.deep.include({ username: 'frank', source: 'local', is_admin: false });
    const users = ok<{ users: { username: string; source: string }[] }>(
      await server.call('GET', '/api/v1/users', asAda),
    );
    expect(users.users.map((u) => `${u.username}:${u.source}`)).to.deep.equal([
      'ada:ldap',
      'admin:local',
      'carol:ldap',
      'frank:local',
      'grace:ldap',
    ]);
    denied(await server.call('GET', '/api/v1/users', asGrace), '"grace" may not ADMIN user');
    // Admins may do anything, on experiments they hold no grant on included.
    ok(await server.mlflow(asAda, 'GET', '/experiments/get', { experiment_id: experimentId }));
  });

  it('answers 401 to a wrong LDAP password and lets the right one in after it', async () => {
    unauthenticated(
      await server.mlflow(basic('grace', 'grace-wrong-pw'), 'GET', '/runs/get', { run_id: runId }),
    );
    unauthenticated(await server.call('GET', '/api/v1/auth/whoami', basic('carol', 'ada-ldap-pw')));
    expect(server.kernel.logs.filter((l) => l.msg === 'failed login for "grace"')).to.have.length(1);
    ok(await server.mlflow(asGrace, 'GET', '/runs/get', { run_id: runId }));
  });

  it('falls back to a local user the directory does not know, as fallbackToLocal is true', async () => {
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', asFrank))).to.deep.equal({
      id: 'frank',
      kind: 'user',
      roles: [],
    });
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', asAdmin))).to.deep.include({ id: 'admin' });
    unauthenticated(await server.call('GET', '/api/v1/auth/whoami', basic('frank', 'frank-wrong-pw')));
  });

  it('refuses every local user, the bootstrap admin included, with fallbackToLocal false', async () => {
    const strict = await startWithAuthServer({ ldap: ldapOptions(), auth: { fallbackToLocal: false } });
    try {
      const created = await strict.call('POST', '/api/v1/users', asAda, {
        username: 'frank',
        password: 'frank-local-pw',
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      unauthenticated(await strict.call('GET', '/api/v1/auth/whoami', asFrank));
      unauthenticated(await strict.call('GET', '/api/v1/auth/whoami', asAdmin));
      unauthenticated(await strict.mlflow(asFrank, 'POST', '/experiments/search', { max_results: 10 }));
      // LDAP users are still let in.
      expect(ok(await strict.call('GET', '/api/v1/auth/whoami', asGrace))).to.deep.include({ id: 'grace' });
    } finally {
      await strict.stop();
    }
  });

  // The directory decides for every login it knows: a local user whose name it also holds signs
  // in with the directory's password only, as the same platform user (record, tokens, grants and
  // local groups kept), with the roles and groups the directory maps them to added. So a directory
  // entry named like the bootstrap admin decides that admin's password too.
  it('lets the directory decide for a local user whose name it also holds', async () => {
    const created = await server.call('POST', '/api/v1/users', asAdmin, {
      username: 'erin',
      password: 'erin-local-pw',
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    ok(await server.call('POST', '/api/v1/groups', asAdmin, { name: 'reviewers' }));
    ok(await server.call('PUT', '/api/v1/groups/reviewers/members/erin', asAdmin));
    unauthenticated(await server.call('GET', '/api/v1/auth/whoami', basic('erin', 'erin-local-pw')));
    expect(ok(await server.call('GET', '/api/v1/auth/whoami', basic('erin', 'erin-ldap-pw')))).to.deep.equal({
      id: 'erin',
      kind: 'user',
      roles: ['group:reviewers'],
    });
    const record = ok(await server.call('GET', '/api/v1/users/erin', asAdmin));
    expect(record).to.deep.include({ username: 'erin', source: 'local', groups: ['reviewers'] });
  });

  it('answers 401 to LDAP filter syntax in the Basic user name', async () => {
    for (const login of ['*)(uid=*', '*', 'grace)(|(uid=*', '*)(|(objectClass=*']) {
      unauthenticated(await server.call('GET', '/api/v1/auth/whoami', basic(login, 'grace-ldap-pw')));
    }
    const users = ok<{ users: { username: string }[] }>(await server.call('GET', '/api/v1/users', asAdmin));
    expect(users.users.map((u) => u.username)).to.deep.equal([
      'ada',
      'admin',
      'carol',
      'erin',
      'frank',
      'grace',
    ]);
  });

  describe('while the directory is down', () => {
    let frankToken: string;
    let unreachable: Record<string, unknown>;

    before(async () => {
      frankToken = `Bearer ${
        ok<{ token: string }>(await server.call('POST', '/api/v1/tokens', asFrank, { name: 'ci' })).token
      }`;
      // A local user who has not logged in yet, so no cache knows her.
      const gina = await server.call('POST', '/api/v1/users', asAda, {
        username: 'gina',
        password: 'gina-local-pw',
      });
      expect(gina.status, JSON.stringify(gina.body)).to.equal(201);
      // Verified just now, so both caches hold it.
      ok(await server.call('GET', '/api/v1/auth/whoami', asGrace));
      await ldap.stop();
      await address.close();
      const port = new URL(address.url).port;
      unreachable = {
        message: `LDAP directory ${address.url} cannot be reached (connect ECONNREFUSED 127.0.0.1:${port}) while binding as the service account`,
        details: { reason: 'ldap_unreachable' },
      };
    });

    it('answers 503 to Basic logins it has no cached answer for, and lets nobody in', async () => {
      const mlflowAnswer = await server.mlflow(asDana, 'GET', '/experiments/get', {
        experiment_id: experimentId,
      });
      expect(mlflowAnswer.status, JSON.stringify(mlflowAnswer.body)).to.equal(503);
      expect(mlflowAnswer.body).to.deep.equal({ error_code: 'TEMPORARILY_UNAVAILABLE', ...unreachable });
      // A wrong password, a local user and an unknown name alike: the directory must answer first.
      for (const as of [asDana, basic('grace', 'grace-wrong-pw'), asGina, basic('nobody', 'nobody-pw')]) {
        const answer = await server.call('GET', '/api/v1/auth/whoami', as);
        expect(answer.status, JSON.stringify(answer.body)).to.equal(503);
        expect(answer.body).to.deep.equal({ error_code: 'UNAVAILABLE', ...unreachable });
      }
      const login = await server.call('POST', '/api/v1/auth/login', undefined, {
        username: 'dana',
        password: 'dana-ldap-pw',
      });
      expect(login.status, JSON.stringify(login.body)).to.equal(503);
      expect(login.body).to.deep.equal({ error_code: 'UNAVAILABLE', ...unreachable });
      const warnings = server.kernel.logs.filter((l) => l.msg === 'LDAP password check failed');
      expect(warnings.map((l) => l.login)).to.include.members(['dana', 'grace', 'gina', 'nobody']);
      expect(server.kernel.logs.some((l) => l.msg === 'failed login for "dana"')).to.equal(false);
    });

    it('still lets in a login verified within the cache TTL, and bearer tokens of local users', async () => {
      expect(ok(await server.call('GET', '/api/v1/auth/whoami', asGrace))).to.deep.include({ id: 'grace' });
      expect(ok(await server.call('GET', '/api/v1/auth/whoami', frankToken))).to.deep.equal({
        id: 'frank',
        kind: 'user',
        roles: [],
      });
      const searched = ok<{ experiments?: unknown[] }>(
        await server.mlflow(frankToken, 'POST', '/experiments/search', { max_results: 10 }),
      );
      expect(searched.experiments ?? []).to.deep.equal([]);
    });

    it('lets logins in again once a directory answers at the same address', async () => {
      ldap = await startLdap(seed);
      await address.open(ldap.url);
      expect(ok(await server.call('GET', '/api/v1/auth/whoami', asDana))).to.deep.equal({
        id: 'dana',
        kind: 'user',
        roles: ['group:ml-team'],
      });
      ok(
        await server.mlflow(asDana, 'POST', '/runs/create', {
          experiment_id: experimentId,
          start_time: Date.now(),
        }),
      );
      expect(ok(await server.call('GET', '/api/v1/auth/whoami', asGina))).to.deep.include({ id: 'gina' });
      unauthenticated(await server.call('GET', '/api/v1/auth/whoami', basic('grace', 'grace-wrong-pw')));
    });

    it('answers 503 after timeoutMs when the directory accepts connections but never answers', async () => {
      ldap.pause();
      try {
        const started = Date.now();
        const answer = await server.call('GET', '/api/v1/auth/whoami', basic('nobody', 'nobody-pw'));
        expect(answer.status, JSON.stringify(answer.body)).to.equal(503);
        expect(answer.body).to.deep.equal({
          error_code: 'UNAVAILABLE',
          message: `LDAP directory ${address.url} did not answer within ${ldapTimeoutMs} ms while binding as the service account`,
          details: { reason: 'ldap_timeout' },
        });
        expect(Date.now() - started).to.be.within(ldapTimeoutMs - 100, ldapTimeoutMs + 3000);
      } finally {
        ldap.resume();
      }
      unauthenticated(await server.call('GET', '/api/v1/auth/whoami', basic('nobody', 'nobody-pw')));
    });
  });

  // After the outage, so the logs hold its failures too.
  describe('afterwards', () => {
    it('keeps the LDAP bind password and every user password out of the logs and the printed options', async () => {
      const plugin = server.kernel.plugins.find((p) => p.name === '@mlops/plugin-auth-ldap');
      expect(plugin?.maskedOptions).to.deep.include({
        bindDn: ldap.bindDn,
        bindPassword: '***',
        url: address.url,
      });
      expect(JSON.stringify(server.kernel.plugins.map((p) => p.maskedOptions))).to.not.include(
        ldap.bindPassword,
      );
      // The logs are there, and name the failures.
      expect(server.kernel.logs.some((l) => l.msg === 'failed login for "grace"')).to.equal(true);
      expect(server.kernel.logs.some((l) => l.msg === 'LDAP password check failed')).to.equal(true);
      const logged = JSON.stringify(server.kernel.logs);
      const secrets = [
        ldap.bindPassword,
        adminPassword,
        'ada-ldap-pw',
        'grace-ldap-pw',
        'grace-wrong-pw',
        'dana-ldap-pw',
        'carol-ldap-pw',
        'erin-ldap-pw',
        'erin-local-pw',
        'frank-local-pw',
        'gina-local-pw',
        asGrace.slice('Basic '.length),
      ];
      for (const secret of secrets) expect(logged, secret).to.not.include(secret);
    });
  });
});
