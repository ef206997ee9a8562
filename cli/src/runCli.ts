import { isMlopsError, type Kernel } from '@mlops/plugin-api';
import { Command, CommanderError } from 'commander';
import { type CliIo, processIo } from './CliIo.js';
import { addConfigCommands } from './commands/configCommands.js';
import { addMaintenanceCommands } from './commands/maintenanceCommands.js';
import { addPluginCommands } from './commands/pluginCommands.js';
import { addPluginsCommand } from './commands/pluginsCommand.js';
import { addRemoteCommands, remoteNouns } from './commands/remote/addRemoteCommands.js';
import { CommandFailed } from './commands/remote/CommandFailed.js';
import { addStartCommand } from './commands/startCommand.js';
import { createPlatformKernel, loadPlatform } from './loadPlatform.js';

const cliVersion = '0.1.0';
const builtIns = new Set(['config', 'plugins', 'start', 'serve', 'migrate', 'gc', 'help', ...remoteNouns]);

/**
 * Runs the `mlops` command with `args` (without `node` and the script) and returns the exit code:
 * 0 on success, 1 on an error, 2 on a usage error; commands against a server also return 3 (not
 * found), 4 (conflict or already exists) and 5 (server unavailable). `start` keeps running until
 * a signal.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const configFile = findConfigOption(args);
  const program = new Command('mlops')
    .description('MLOps platform: experiment tracking, model registry, HPO, drift detection and serving')
    .version(cliVersion)
    .option('-c, --config <file>', 'config file (default: mlops.config.* found from the current directory)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    })
    .addHelpText('after', '\nPlugins add their own commands; they run with `mlops <command>`.');
  const config = () => configFile;
  addConfigCommands(program, io, config);
  addPluginsCommand(program, io, config);
  addStartCommand(program, io, config);
  addMaintenanceCommands(program, io, config);
  addRemoteCommands(program, io);

  let kernel: Kernel | undefined;
  try {
    const first = firstCommand(args);
    if (first !== undefined && !builtIns.has(first)) {
      kernel = createPlatformKernel(await loadPlatform(io.cwd, configFile));
      await kernel.setup();
      addPluginCommands(program, kernel.commands, kernel, io);
    }
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CommandFailed) return err.exitCode;
    reportError(err, io);
    return 1;
  } finally {
    await kernel?.stop();
  }
}

function reportError(err: unknown, io: CliIo): void {
  const message = err instanceof Error ? err.message : String(err);
  for (const line of message.split('\n')) io.err(`error: ${line}`);
  if (isMlopsError(err) && err.code !== undefined) io.err(`(${err.code}; see docs/errors.md)`);
}

function findConfigOption(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '--config') return args[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return undefined;
}

function firstCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '--config') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}
