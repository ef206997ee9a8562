import { execFile, execFileSync } from 'node:child_process';
import { chownSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './freePort.js';
import { postgresBinDir } from './postgresBinDir.js';
import { waitForPort } from './waitForPort.js';

const execFileAsync = promisify(execFile);

/** A throwaway PostgreSQL server on 127.0.0.1. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`; trust authentication, so no password. */
  readonly url: string;
  readonly port: number;
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL server in a fresh temporary directory, as the `postgres` user when running as
 * root (PostgreSQL refuses to run as root), with trust authentication on 127.0.0.1 and durability
 * switched off for speed. Installs Debian's `postgresql` package first when it is missing.
 * The server is also stopped when the process exits, should `stop` never be called.
 * @throws Error when PostgreSQL cannot be installed, initialised or started (with its log).
 * @example
 * const pg = await startPostgres();
 * try { await useDatabase(pg.url); } finally { await pg.stop(); }
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = await postgresBinDir();
  const root = await mkdtemp(join(tmpdir(), 'mlops-pg-'));
  const data = join(root, 'data');
  const log = join(root, 'postgres.log');
  const owner = serverOwner();
  if (owner !== undefined) chownSync(root, owner.uid, owner.gid);
  const pgCtl = join(bin, 'pg_ctl');
  const stopSync = () => {
    try {
      execFileSync(...asServerUser(owner, [pgCtl, '-D', data, '-m', 'immediate', '-w', 'stop']), {
        stdio: 'ignore',
      });
    } catch {
      // not running: nothing to stop
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', stopSync);

  try {
    await runAs(owner, [
      join(bin, 'initdb'),
      ...['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C'],
      ...['--no-sync', '--no-instructions'],
    ]);
    const port = await startOnFreePort(owner, pgCtl, data, root, log);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      stop() {
        stopping ??= (async () => {
          process.off('exit', stopSync);
          try {
            await runAs(owner, [pgCtl, '-D', data, '-m', 'immediate', '-w', 'stop']);
          } finally {
            rmSync(root, { recursive: true, force: true });
          }
        })();
        return stopping;
      },
    };
  } catch (err) {
    process.off('exit', stopSync);
    stopSync();
    throw err;
  }
}

/** Another process may take the probed port before postgres binds it: then try a new one. */
async function startOnFreePort(
  owner: Owner | undefined,
  pgCtl: string,
  data: string,
  socketDir: string,
  log: string,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${socketDir}'`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      await runAs(owner, [pgCtl, '-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '60', 'start']);
      await waitForPort(port, 10_000);
      return port;
    } catch (err) {
      const serverLog = readLog(log);
      if (attempt < 3 && /could not bind|already in use/i.test(serverLog)) continue;
      throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${messageOf(err)}\n${serverLog}`, {
        cause: err,
      });
    }
  }
}

interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** The `postgres` user when we run as root; undefined when we can run the server ourselves. */
function serverOwner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function asServerUser(owner: Owner | undefined, command: readonly string[]): [string, string[]] {
  const argv = owner === undefined ? [...command] : ['runuser', '-u', 'postgres', '--', ...command];
  return [argv[0]!, argv.slice(1)];
}

async function runAs(owner: Owner | undefined, command: readonly string[]): Promise<void> {
  try {
    await execFileAsync(...asServerUser(owner, command), { cwd: tmpdir(), maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`${command.join(' ')} failed: ${stderr || messageOf(err)}`, { cause: err });
  }
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
