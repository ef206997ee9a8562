import { createClient, type MlopsClient } from '@mlops/client';
import type { Command } from 'commander';
import type { CliIo } from '../../CliIo.js';
import { CommandFailed } from './CommandFailed.js';
import { exitCodeOf } from './exitCodes.js';
import { printJson } from './printJson.js';
import { reportRemoteError } from './reportRemoteError.js';
import { resolveServer } from './resolveServer.js';

/** The options every remote command takes. */
export interface RemoteOptions {
  readonly server?: string;
  readonly json?: boolean;
}

/** What a remote command works with: a client of the server, and how to print. */
export interface Remote {
  readonly client: MlopsClient;
  readonly io: CliIo;
  /** Whether `--json` was given. */
  readonly json: boolean;
  /** Prints `value` as JSON with `--json`, else the lines `human` makes. */
  show(value: unknown, human: () => readonly string[]): void;
}

/** Adds `<nameAndArgs>` under `parent`, with the `--server` and `--json` options. */
export function remoteCommand(parent: Command, nameAndArgs: string, description: string): Command {
  return parent
    .command(nameAndArgs)
    .description(description)
    .option('--server <url>', 'server base URL (default: $MLOPS_SERVER, else http://127.0.0.1:5000)')
    .option('--json', 'print JSON (the server answer) instead of text; errors as JSON on stderr');
}

/**
 * Runs a remote command's work against the server its options name. A failure is reported on
 * stderr and rethrown as {@link CommandFailed} with the exit code of its category.
 */
export async function withRemote(
  io: CliIo,
  options: RemoteOptions,
  work: (remote: Remote) => Promise<void>,
): Promise<void> {
  const json = options.json === true;
  try {
    const env = io.env ?? process.env;
    const client = createClient({
      baseUrl: resolveServer(options.server, env),
      ...(env.MLOPS_TOKEN ? { token: env.MLOPS_TOKEN } : {}),
    });
    await work({
      client,
      io,
      json,
      show(value, human) {
        if (json) printJson(io, value);
        else for (const line of human()) io.out(line);
      },
    });
  } catch (err) {
    reportRemoteError(io, err, json);
    throw new CommandFailed(exitCodeOf(err));
  }
}
