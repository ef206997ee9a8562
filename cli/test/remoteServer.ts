import { startTestPlatform } from '@mlops/test-platform';
import { type CliIo, type CliTerminal, runCli } from '../src/index.js';

/** A real server on 127.0.0.1 (SQLite file, blobs on disk, tracking, registry) in a temp directory. */
export interface RemoteServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The temp directory, also the working directory of the commands a test runs; removed on stop. */
  readonly dir: string;
  stop(): Promise<void>;
}

/** Starts the server in-process with a kernel of the platform's own plugins. */
export function startRemoteServer(): Promise<RemoteServer> {
  return startTestPlatform({ name: 'mlops-cli-remote' });
}

/** What one `mlops` run printed, and its exit code. */
export interface CliResult {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  /** What was drawn on the terminal, when the run had one. */
  readonly drawn: string[];
}

/** Runs `mlops <args>` in `cwd` with the given environment (none by default) and, optionally, a terminal. */
export async function mlops(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; terminal?: boolean },
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const drawn: string[] = [];
  const terminal: CliTerminal = { columns: 100, write: (text) => void drawn.push(text) };
  const io: CliIo = {
    cwd: options.cwd,
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
    env: options.env ?? {},
    ...(options.terminal ? { terminal } : {}),
  };
  const code = await runCli(args, io);
  return { code, out, err, drawn };
}

/** A time as the tables print it. */
export const shownTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
