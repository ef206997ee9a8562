import { execFile } from 'node:child_process';
import { FailedPreconditionError } from '@mlops/plugin-api';
import { findExecutable } from './findExecutable.js';

/** Options of {@link buildBento}. */
export interface BuildBentoOptions {
  /** The BentoML CLI: a name looked up on PATH, or a path; default `bentoml`. */
  readonly command?: string;
  /** `--name`: the Bento's name (its tag's first half). */
  readonly name?: string;
  /** `--push`: also push the Bento to BentoCloud (the CLI reads BENTO_CLOUD_API_KEY/_ENDPOINT). */
  readonly push?: boolean;
  /** The child's environment (PATH included); default this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default 10 minutes: building installs nothing, but large models take a while to copy. */
  readonly timeoutMs?: number;
}

/** A built Bento. */
export interface BuiltBento {
  /** `name:version`, as `bentoml build -o tag` prints it after `__tag__:`. */
  readonly tag: string;
  readonly name: string;
  readonly version: string;
}

/** What to install, said once for every message that needs it. */
export const installBentomlHint = 'install BentoML with "pip install bentoml" (Python 3.9 or later)';

/**
 * Runs `bentoml build <dir> -o tag [--name <name>] [--push]` and reads the tag from the
 * `__tag__:<name>:<version>` line it prints
 * (https://docs.bentoml.com/en/latest/reference/bentoml/cli.html, `bentoml build`).
 * @throws FailedPreconditionError when the CLI is not on PATH (saying what to install), when the
 * build fails or times out (with the end of its output), or when it prints no tag.
 */
export async function buildBento(dir: string, options: BuildBentoOptions = {}): Promise<BuiltBento> {
  const env = options.env ?? process.env;
  const command = options.command ?? 'bentoml';
  const executable = await findExecutable(command, env.PATH);
  if (executable === undefined) {
    throw new FailedPreconditionError(
      `the BentoML CLI "${command}" is not on PATH, so the Bento cannot be built: ${installBentomlHint}, or deploy a Bento built elsewhere (options.cloud.bento)`,
      { reason: 'bentoml_missing' },
    );
  }
  const args = ['build', dir, '-o', 'tag'];
  if (options.name !== undefined) args.push('--name', options.name);
  if (options.push === true) args.push('--push');
  const timeout = options.timeoutMs ?? 600_000;
  const { stdout, stderr, error } = await new Promise<{
    stdout: string;
    stderr: string;
    error: Error | null;
  }>((resolve) => {
    execFile(executable, args, { env, timeout, maxBuffer: 16 * 1024 * 1024, cwd: dir }, (err, out, errOut) =>
      resolve({ stdout: String(out), stderr: String(errOut), error: err }),
    );
  });
  const tail = `${stderr}${stdout}`.trim().split('\n').slice(-20).join('\n');
  if (error !== null) {
    const killed = (error as { killed?: boolean }).killed === true;
    const code = (error as { code?: unknown }).code;
    throw new FailedPreconditionError(
      killed
        ? `bentoml build of ${dir} did not finish within ${timeout} ms`
        : `bentoml build of ${dir} failed (exit code ${String(code)}): ${tail}`,
      { reason: killed ? 'build_timeout' : 'build_failed' },
      { cause: error },
    );
  }
  const line = /^__tag__:([^:\s]+):(\S+)\s*$/m.exec(stdout);
  if (line === null) {
    throw new FailedPreconditionError(
      `bentoml build of ${dir} printed no "__tag__:<name>:<version>" line: ${tail}`,
      {
        reason: 'no_tag',
      },
    );
  }
  return { tag: `${line[1]}:${line[2]}`, name: line[1]!, version: line[2]! };
}
