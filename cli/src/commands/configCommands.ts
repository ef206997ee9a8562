import type { Command } from 'commander';
import type { CliIo } from '../CliIo.js';
import { createPlatformKernel, loadPlatform } from '../loadPlatform.js';

/** `mlops config validate` and `mlops config print`. */
export function addConfigCommands(program: Command, io: CliIo, configFile: () => string | undefined): void {
  const config = program.command('config').description('check or show the platform configuration');

  config
    .command('validate')
    .description('load the config, check every plugin, option and port; run no plugin code')
    .action(async () => {
      const platform = await loadPlatform(io.cwd, configFile());
      const kernel = createPlatformKernel(platform);
      io.out(`${platform.source}: valid (${kernel.plugins.length} plugins)`);
    });

  config
    .command('print')
    .description('print the resolved config as JSON, defaults filled in and secrets masked')
    .action(async () => {
      const platform = await loadPlatform(io.cwd, configFile());
      const kernel = createPlatformKernel(platform);
      const { logLevel, shutdownTimeoutMs } = platform.config;
      const printed = {
        source: platform.source,
        logLevel: logLevel ?? 'info',
        shutdownTimeoutMs: shutdownTimeoutMs ?? 10_000,
        plugins: kernel.plugins.map((p) => ({ name: p.name, version: p.version, options: p.maskedOptions })),
      };
      io.out(JSON.stringify(printed, null, 2));
    });
}
