import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuSeconds } from './processCpuSeconds.js';

/** A `mlops start` child process serving the HTTP API on 127.0.0.1. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: number;
  /** Seconds of CPU the server process (all its threads) has used so far. */
  cpuSeconds(): number;
  /** SIGTERM, waits for the exit, removes the data directory. */
  stop(): Promise<void>;
}

const bin = fileURLToPath(new URL('../../../cli/dist/src/bin.js', import.meta.url));

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port for the server');
  return address.port;
}

/** A config with the embedded defaults' plugins, on a PostgreSQL store when `databaseUrl` is
 * given, and tracking's `writerThread` off when `writerThread` is false; imports by file URL,
 * since the temporary directory has no node_modules. */
function serverConfig(databaseUrl: string | undefined, writerThread: boolean): string {
  const store =
    databaseUrl === undefined
      ? "{ url: 'sqlite:.mlops/mlops.db' }"
      : `{ url: ${JSON.stringify(databaseUrl)}, schema: 'bench' }`;
  const from = (pkg: string) => JSON.stringify(import.meta.resolve(pkg));
  return [
    `import { httpPlugin } from ${from('@mlops/plugin-http')};`,
    `import { registryPlugin } from ${from('@mlops/plugin-registry')};`,
    `import { storageFsPlugin } from ${from('@mlops/plugin-storage-fs')};`,
    `import { storeSqlPlugin } from ${from('@mlops/plugin-store-sql')};`,
    `import { trackingPlugin } from ${from('@mlops/plugin-tracking')};`,
    'export default { plugins: [',
    `  storeSqlPlugin(${store}), storageFsPlugin(),`,
    "  httpPlugin({ host: '127.0.0.1', port: Number(process.env.MLOPS_PORT) }),",
    `  trackingPlugin(${writerThread ? '' : '{ writerThread: false }'}), registryPlugin(),`,
    '] };',
    '',
  ].join('\n');
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mlops start exited with ${child.exitCode}:\n${stderr()}`);
    try {
      const answer = await fetch(`${url}/readyz`);
      if (answer.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`mlops start was not ready within 60 s:\n${stderr()}`);
}

/**
 * Runs `node cli/dist/src/bin.js start` in a fresh directory: with the embedded defaults (SQLite at
 * `.mlops/mlops.db`, the port from `MLOPS_PORT`) when `databaseUrl` is undefined, else with a
 * `mlops.config.mjs` holding the same plugins on that PostgreSQL database (or, with
 * `WRITER_THREAD=off`, on SQLite with tracking's writer thread off). Its standard output (the
 * access log) goes to /dev/null. Resolves once `/readyz` answers 200.
 */
export async function startServer(databaseUrl?: string): Promise<ServerProcess> {
  const writerThread = process.env.WRITER_THREAD !== 'off';
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  // A package.json ends the config search here, so no mlops.config.* of a parent directory is used.
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  if (databaseUrl !== undefined || !writerThread) {
    writeFileSync(join(dir, 'mlops.config.mjs'), serverConfig(databaseUrl, writerThread));
  }
  const port = await freePort();
  // e.g. SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server alone.
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  // SERVER_STDOUT=<file> keeps the server's standard output (its access log, `--trace-gc` lines).
  const stdout =
    process.env.SERVER_STDOUT === undefined ? 'ignore' : openSync(process.env.SERVER_STDOUT, 'w');
  const child = spawn(process.execPath, [...nodeArgs, bin, 'start'], {
    cwd: dir,
    env: { ...process.env, MLOPS_HOST: '127.0.0.1', MLOPS_PORT: String(port) },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntilReady(url, child, () => stderr);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`server exited unexpectedly (code ${code}, signal ${signal}):\n${stderr}`);
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    cpuSeconds: () => processCpuSeconds(pid),
    async stop() {
      stopping = true;
      child.kill('SIGTERM');
      await exited;
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
