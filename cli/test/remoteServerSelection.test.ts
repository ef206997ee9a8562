import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import { resolveServer } from '../src/commands/remote/resolveServer.js';
import { mlops, type RemoteServer, startRemoteServer } from './remoteServer.js';

/** A port nothing listens on: bound once by the OS, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('mlops remote commands: server selection, exit codes', () => {
  let server: RemoteServer;
  before(async () => {
    server = await startRemoteServer();
  });
  after(async () => {
    await server.stop();
  });

  it('talks to MLOPS_SERVER, and --server wins over it', async () => {
    const viaEnv = await mlops(['experiments', 'list', '--json'], {
      cwd: server.dir,
      env: { MLOPS_SERVER: `${server.url}/` },
    });
    expect(viaEnv.code).to.equal(0, viaEnv.err.join('\n'));
    expect(JSON.parse(viaEnv.out.join('\n')).experiments[0].name).to.equal('Default');
    const port = await closedPort();
    const both = await mlops(['experiments', 'list', '--server', server.url], {
      cwd: server.dir,
      env: { MLOPS_SERVER: `http://127.0.0.1:${port}` },
    });
    expect(both.code).to.equal(0, both.err.join('\n'));
  });

  it('defaults to the address mlops serve listens on, and refuses a URL that is not http(s)', () => {
    expect(resolveServer(undefined, {})).to.equal('http://127.0.0.1:5000');
    expect(resolveServer(undefined, { MLOPS_SERVER: '' })).to.equal('http://127.0.0.1:5000');
    expect(resolveServer('https://mlops.example/base/', { MLOPS_SERVER: 'http://x' })).to.equal(
      'https://mlops.example/base',
    );
    expect(() => resolveServer(undefined, { MLOPS_SERVER: 'localhost:5000' })).to.throw(
      'MLOPS_SERVER must be an http:// or https:// URL, got "localhost:5000"',
    );
  });

  it('exits 2 for a --server that is not a URL', async () => {
    const bad = await mlops(['runs', 'list', '--server', 'ftp://host'], { cwd: server.dir });
    expect(bad).to.deep.include({
      code: 2,
      out: [],
      err: ['error: --server must be an http:// or https:// URL, got "ftp://host"'],
    });
  });

  it('exits 5 when the server does not answer, after retrying what is safe to retry', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const create = await mlops(['experiments', 'create', 'x', '--server', url], { cwd: server.dir });
    expect(create).to.deep.include({
      code: 5,
      out: [],
      err: [`error: POST ${url}/api/v1/experiments failed: connect ECONNREFUSED 127.0.0.1:${port}`],
    });
    const list = await mlops(['models', 'list', '--json', '--server', url], { cwd: server.dir });
    expect(list).to.deep.include({ code: 5, out: [] });
    expect(list.err.map((l) => JSON.parse(l))).to.deep.equal([
      {
        error_code: 'UNAVAILABLE',
        message: `GET ${url}/api/v1/models failed: connect ECONNREFUSED 127.0.0.1:${port} (after 4 attempts)`,
      },
    ]);
  });

  it('exits 2 for usage errors, and never loads the config or sets up a kernel', async () => {
    // A config that would fail to load: remote commands only talk HTTP, so it is never read.
    writeFileSync(join(server.dir, 'mlops.config.json'), '{ "plugins": ["mlops-plugin-nope"] }');
    const listed = await mlops(['experiments', 'list', '--server', server.url], { cwd: server.dir });
    expect(listed.code).to.equal(0, listed.err.join('\n'));
    expect(await mlops(['experiments', 'frobnicate'], { cwd: server.dir })).to.deep.include({
      code: 2,
      err: ["error: unknown command 'frobnicate'"],
    });
    expect(await mlops(['experiments', 'list', '--max-results', '0'], { cwd: server.dir })).to.deep.include({
      code: 2,
      err: ["error: option '--max-results <n>' argument '0' is invalid. expected a positive integer."],
    });
    expect(
      await mlops(['experiments', 'create', 'x', '--tag', 'novalue'], { cwd: server.dir }),
    ).to.deep.include({
      code: 2,
      err: ["error: option '--tag <key=value>' argument 'novalue' is invalid. expected key=value."],
    });
    const help = await mlops(['--help'], { cwd: server.dir });
    for (const noun of ['experiments', 'runs', 'models', 'versions', 'artifacts']) {
      expect(help.out.join('\n')).to.match(new RegExp(`^  ${noun} `, 'm'));
    }
  });
});
