import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const installRoot = '/usr/lib/postgresql';
let located: Promise<string> | undefined;

/**
 * The `bin` directory of the newest PostgreSQL under /usr/lib/postgresql (Debian's layout). When
 * there is none, installs Debian's `postgresql` package once per process (root only) and says so
 * on stderr.
 * @throws Error when PostgreSQL is missing and cannot be installed.
 */
export function postgresBinDir(): Promise<string> {
  located ??= locateOrInstall().catch((err: unknown) => {
    located = undefined;
    throw err;
  });
  return located;
}

async function locateOrInstall(): Promise<string> {
  const found = findBinDir();
  if (found !== undefined) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `PostgreSQL was not found under ${installRoot} and installing it needs root: run "apt-get install -y postgresql"`,
    );
  }
  process.stderr.write(
    `@mlops/test-servers: PostgreSQL was not found under ${installRoot}; installing Debian's postgresql package (once)\n`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = { env, maxBuffer: 64 * 1024 * 1024 };
  try {
    await run('apt-get', ['update'], opts);
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], opts);
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
    throw new Error(`installing PostgreSQL with apt-get failed: ${detail}`, { cause: err });
  }
  const installed = findBinDir();
  if (installed === undefined) {
    throw new Error(`apt-get installed postgresql, but no initdb and pg_ctl appeared under ${installRoot}`);
  }
  process.stderr.write(`@mlops/test-servers: installed PostgreSQL in ${installed}\n`);
  return installed;
}

function findBinDir(): string | undefined {
  if (!existsSync(installRoot)) return undefined;
  const versions = readdirSync(installRoot)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions
    .map((v) => join(installRoot, v, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')));
}
