import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const installs = new Map<string, Promise<void>>();

/**
 * Installs Debian packages with apt-get (root only), once per process for a given list, saying so
 * on stderr. Waits up to five minutes for another apt-get or dpkg holding the lock, since test
 * processes of several packages may install at the same time.
 * @throws Error when not root, or when apt-get fails (with its stderr); a later call tries again.
 */
export function aptGetInstall(packages: readonly string[], why: string): Promise<void> {
  const key = packages.join(' ');
  let install = installs.get(key);
  if (install === undefined) {
    install = runInstall(packages, why).catch((err: unknown) => {
      installs.delete(key);
      throw err;
    });
    installs.set(key, install);
  }
  return install;
}

async function runInstall(packages: readonly string[], why: string): Promise<void> {
  const list = packages.join(' ');
  if (process.getuid?.() !== 0) {
    throw new Error(`${why}, and installing it needs root: run "apt-get install -y ${list}"`);
  }
  process.stderr.write(`@mlops/test-servers: ${why}; installing Debian's ${list} (once)\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = { env, maxBuffer: 64 * 1024 * 1024 };
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  try {
    await run('apt-get', [...lockWait, 'update'], opts);
    await run('apt-get', [...lockWait, 'install', '-y', '--no-install-recommends', ...packages], opts);
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    throw new Error(`installing ${list} with apt-get failed: ${detail}`, { cause: err });
  }
  process.stderr.write(`@mlops/test-servers: installed ${list}\n`);
}
