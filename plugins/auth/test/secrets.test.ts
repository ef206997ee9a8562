import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@mlops/cli';
import { expect } from 'chai';
import {
  type AuthServer,
  adminPassword,
  adminPasswordEnv,
  asAdmin,
  basic,
  createToken,
  createUser,
  ok,
  startAuthServer,
} from './startAuthServer.js';

// Inside the repository, so the config file's '@mlops/*' imports resolve through the workspace.
const tmpRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.tmp-test');

describe('auth plugin: secrets stay out of logs and printed config', function () {
  this.timeout(30_000);
  let server: AuthServer;
  const jwtSecret = 'jwt-secret-that-is-at-least-32-characters-long';
  before(async () => {
    server = await startAuthServer({ logLevel: 'trace', auth: { jwtSecret } });
  });
  after(() => server?.stop());

  it('logs no password, token or key, whatever happens, and logs failed logins by user name', async () => {
    const alice = await createUser(server, 'alice', 'alice-very-secret-1');
    const token = await createToken(server, alice, 'laptop');
    const session = ok<{ access_token: string; refresh_token: string }>(
      await server.call('POST', '/api/v1/auth/login', {
        body: { username: 'alice', password: 'alice-very-secret-1' },
      }),
    );
    await server.call('GET', '/api/v1/auth/whoami', { as: basic('alice', 'wrong-secret-guess') });
    await server.call('GET', '/api/v1/auth/whoami', { as: `${token}x` });
    await server.call('POST', '/api/v1/auth/refresh', {
      body: { refresh_token: `${session.refresh_token}x` },
    });
    ok(
      await server.call('PATCH', '/api/v1/users/alice', {
        as: asAdmin,
        body: { password: 'alice-new-secret-2' },
      }),
    );
    const logged = JSON.stringify(server.kernel.logs);
    const secrets = [
      adminPassword,
      'alice-very-secret-1',
      'alice-new-secret-2',
      'wrong-secret-guess',
      token.slice('Bearer '.length),
      session.access_token,
      session.refresh_token,
      jwtSecret,
      Buffer.from(`alice:wrong-secret-guess`).toString('base64'),
    ];
    for (const secret of secrets) expect(logged).to.not.include(secret);
    const failed = server.kernel.logs.find((l) => l.msg === 'failed login for "alice"');
    expect(failed).to.include({ plugin: '@mlops/plugin-auth', username: 'alice' });
    expect(server.kernel.logs.some((l) => l.msg === 'created administrator "admin"')).to.equal(true);
  });

  it('masks the JWT key in `mlops config print` and manages users from the command line', async () => {
    const dir = join(tmpRoot, `auth-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(
        join(dir, 'mlops.config.mjs'),
        `import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { authPlugin } from '@mlops/plugin-auth';
export default { logLevel: 'warn', plugins: [storeSqlPlugin({ url: 'sqlite:${join(dir, 'db.sqlite')}' }),
  authPlugin({ jwtSecret: '${jwtSecret}', scrypt: { cost: 1024, blockSize: 8, parallelization: 1 },
    admin: { username: 'root', passwordEnv: '${adminPasswordEnv}' } })] };
`,
      );
      const out: string[] = [];
      const err: string[] = [];
      const io = { cwd: dir, out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
      expect(await runCli(['config', 'print'], io), err.join('\n')).to.equal(0);
      const printed = out.join('\n');
      expect(printed).to.not.include(jwtSecret);
      const auth = (
        JSON.parse(printed) as { plugins: { name: string; options: Record<string, unknown> }[] }
      ).plugins.find((p) => p.name === '@mlops/plugin-auth');
      expect(auth?.options.jwtSecret).to.equal('***');

      out.length = 0;
      process.env.MLOPS_AUTH_TEST_CLI_PASSWORD = 'cli-user-password-1';
      expect(
        await runCli(['users', 'add', 'zoe', '--password-env', 'MLOPS_AUTH_TEST_CLI_PASSWORD'], io),
        err.join('\n'),
      ).to.equal(0);
      expect(await runCli(['tokens', 'create', 'zoe', 'ci', '--days', '7'], io), err.join('\n')).to.equal(0);
      expect(await runCli(['users', 'list'], io)).to.equal(0);
      expect(out[0]).to.equal('created user zoe');
      expect(out[1]).to.match(/^tok_[0-9a-f]{16}\texpires \d{4}-/);
      expect(out[2]).to.match(/^mlops_[\w-]{43}$/);
      expect(out.slice(3)).to.deep.equal(['zoe\tlocal\t-\t-']);
      expect(out.join('\n')).to.not.include('cli-user-password-1');

      out.length = 0;
      expect(await runCli(['permissions', 'grant', 'study', 'st-1', 'user:zoe', 'EDIT'], io)).to.equal(0);
      expect(await runCli(['permissions', 'list', 'study', 'st-1'], io)).to.equal(0);
      expect(out).to.deep.equal(['user:zoe has EDIT on study st-1', 'user:zoe\tEDIT']);
      expect(await runCli(['permissions', 'list', 'notebook', 'n-1'], io)).to.equal(1);
      expect(err.join('\n')).to.include(
        'the resource kind must be one of experiment, model, study, deployment, got "notebook"',
      );
      err.length = 0;
      const bad = await runCli(['users', 'add', 'yann', '--password-env', 'MLOPS_AUTH_TEST_UNSET'], io);
      expect(bad).to.equal(1);
      expect(err.join('\n')).to.include(
        '--password-env must name a set environment variable, got "MLOPS_AUTH_TEST_UNSET"',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
