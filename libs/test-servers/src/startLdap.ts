import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { aptGetInstall } from './aptGetInstall.js';
import { freePort } from './freePort.js';
import {
  type LdapTestGroup,
  type LdapTestUser,
  type LdapTree,
  ldapGroupDn,
  ldapSeedLdif,
  ldapTree,
  ldapUserDn,
} from './ldapSeedLdif.js';
import { makeTestCa, type TestCa } from './makeTestCa.js';
import { waitForPort } from './waitForPort.js';

export type { LdapTestGroup, LdapTestUser } from './ldapSeedLdif.js';
export type { TestCa } from './makeTestCa.js';

const execFileAsync = promisify(execFile);
const slapd = '/usr/sbin/slapd';
const slapadd = '/usr/sbin/slapadd';
const schemaDir = '/etc/ldap/schema';

/** What to seed into {@link startLdap}'s directory. */
export interface LdapServerOptions {
  readonly users?: readonly LdapTestUser[];
  readonly groups?: readonly LdapTestGroup[];
  /** The suffix; must start with `dc=`. Defaults to `dc=mlops,dc=test`. */
  readonly baseDn?: string;
  /**
   * Also serve LDAPS on a second port and offer StartTLS on the plain one, with a server
   * certificate from a throwaway CA (see `tls` on the server). Off: StartTLS is refused.
   */
  readonly tls?: boolean;
}

/** A throwaway OpenLDAP server on 127.0.0.1. */
export interface LdapServer extends LdapTree {
  /** `ldap://127.0.0.1:<port>` (StartTLS is offered there when started with `tls`). */
  readonly url: string;
  /** `ldaps://127.0.0.1:<port>`, when started with `tls`. */
  readonly ldapsUrl: string | undefined;
  /** The CA that signed the server certificate, when started with `tls`. */
  readonly tls: TestCa | undefined;
  /** The read-only service account (`cn=reader,<baseDn>`): reads every entry, no password. */
  readonly bindDn: string;
  readonly bindPassword: string;
  /** The `rootdn`, which may write. */
  readonly adminDn: string;
  readonly adminPassword: string;
  /** The DN of a seeded user, escaped as the server stores it. */
  userDn(uid: string): string;
  /** The DN of a seeded group. */
  groupDn(cn: string): string;
  /** Stops the server (SIGTERM) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL), as a crash would, and removes its directory. */
  kill(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections are accepted by the kernel but never answered. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
}

/**
 * Starts OpenLDAP's slapd (Debian's `slapd` package, installed with apt-get when missing) in a
 * fresh temporary directory, on free ports of 127.0.0.1, with an mdb database seeded by slapadd:
 * `ou=people` (one inetOrgPerson per user), `ou=groups` (one groupOfNames per group, members by
 * DN) and a read-only service account. Anonymous clients may only bind; `memberOf` is not
 * maintained, so search groups with `(member=<user DN>)`. The server is killed when the process
 * exits, should `stop` never be called.
 * @throws Error when slapd cannot be installed, seeded or started (with its output).
 * @example
 * const ldap = await startLdap({ users: [{ uid: 'ada', password: 'pw' }], groups: [{ cn: 'ml', members: ['ada'] }] });
 * try { await bindAs(ldap.url, ldap.userDn('ada'), 'pw'); } finally { await ldap.stop(); }
 */
export async function startLdap(options: LdapServerOptions = {}): Promise<LdapServer> {
  if (!existsSync(slapd) || !existsSync(slapadd)) {
    await aptGetInstall(['slapd', 'ldap-utils'], `OpenLDAP was not found at ${slapd}`);
  }
  const tree = ldapTree(options.baseDn ?? 'dc=mlops,dc=test');
  const root = await mkdtemp(join(tmpdir(), 'mlops-ldap-'));
  let child: ChildProcess | undefined;
  const killSync = () => {
    child?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', killSync);
  try {
    const bindPassword = 'reader-secret';
    const adminDn = `cn=admin,${tree.baseDn}`;
    const adminPassword = 'admin-secret';
    const ca = options.tls === true ? await makeTestCa(root) : undefined;
    await mkdir(join(root, 'data'));
    const conf = join(root, 'slapd.conf');
    await writeFile(conf, slapdConf(root, tree, adminDn, adminPassword, ca));
    const seed = join(root, 'seed.ldif');
    await writeFile(seed, ldapSeedLdif(tree, bindPassword, options.users ?? [], options.groups ?? []));
    await runOrExplain(slapadd, ['-q', '-f', conf, '-l', seed]);
    const started = await startOnFreePorts(conf, ca !== undefined);
    child = started.child;
    const running = started.child;
    const signal = (name: NodeJS.Signals) => {
      if (running.exitCode === null && running.signalCode === null) running.kill(name);
    };
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    let ending: Promise<void> | undefined;
    const end = (name: NodeJS.Signals) => {
      ending ??= (async () => {
        process.off('exit', killSync);
        signal(name);
        signal('SIGCONT');
        await exited;
        rmSync(root, { recursive: true, force: true });
      })();
      return ending;
    };
    return {
      ...tree,
      url: `ldap://127.0.0.1:${started.port}`,
      ldapsUrl: started.tlsPort === undefined ? undefined : `ldaps://127.0.0.1:${started.tlsPort}`,
      tls: ca,
      bindDn: tree.readerDn,
      bindPassword,
      adminDn,
      adminPassword,
      userDn: (uid) => ldapUserDn(tree, uid),
      groupDn: (cn) => ldapGroupDn(tree, cn),
      stop: () => end('SIGTERM'),
      kill: () => end('SIGKILL'),
      pause: () => signal('SIGSTOP'),
      resume: () => signal('SIGCONT'),
    };
  } catch (err) {
    process.off('exit', killSync);
    killSync();
    throw err;
  }
}

function slapdConf(
  root: string,
  tree: LdapTree,
  adminDn: string,
  adminPassword: string,
  ca?: TestCa,
): string {
  const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return [
    ...['core', 'cosine', 'nis', 'inetorgperson'].map((s) => `include ${join(schemaDir, `${s}.schema`)}`),
    `pidfile ${join(root, 'slapd.pid')}`,
    `argsfile ${join(root, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    ...(ca === undefined
      ? []
      : [
          `TLSCACertificateFile ${ca.caFile}`,
          `TLSCertificateFile ${ca.certFile}`,
          `TLSCertificateKeyFile ${ca.keyFile}`,
        ]),
    'database mdb',
    'maxsize 16777216',
    `suffix ${quoted(tree.baseDn)}`,
    `rootdn ${quoted(adminDn)}`,
    `rootpw ${adminPassword}`,
    `directory ${join(root, 'data')}`,
    // Passwords are only ever compared (by a bind); everything else is for the reader account.
    'access to attrs=userPassword by anonymous auth by * none',
    `access to * by dn.exact=${quoted(tree.readerDn)} read by self read by * none`,
    '',
  ].join('\n');
}

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly tlsPort: number | undefined;
}

/** Another process may take a probed port before slapd binds it: then try new ones. */
async function startOnFreePorts(conf: string, withTls: boolean): Promise<Started> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const tlsPort = withTls ? await freePort() : undefined;
    const urls = [`ldap://127.0.0.1:${port}/`];
    if (tlsPort !== undefined) urls.push(`ldaps://127.0.0.1:${tlsPort}/`);
    // -d 0 keeps slapd in the foreground, so it is our child and SIGTERM stops it.
    const child = spawn(slapd, ['-f', conf, '-h', urls.join(' '), '-d', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => reject(new Error(`slapd exited (${signal ?? code})`))),
    );
    try {
      await Promise.race([
        Promise.all([
          waitForPort(port, 10_000),
          tlsPort === undefined ? undefined : waitForPort(tlsPort, 10_000),
        ]),
        exited,
      ]);
      exited.catch(() => undefined);
      return { child, port, tlsPort };
    } catch (err) {
      exited.catch(() => undefined);
      child.kill('SIGKILL');
      if (attempt < 3 && /bind|in use/i.test(output)) continue;
      throw new Error(
        `slapd did not start on 127.0.0.1:${port}: ${(err as Error).message}\n${output.trim()}`,
        {
          cause: err,
        },
      );
    }
  }
}

async function runOrExplain(command: string, args: readonly string[]): Promise<void> {
  try {
    await execFileAsync(command, [...args], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    throw new Error(`${command} ${args.join(' ')} failed: ${detail}`, { cause: err });
  }
}
