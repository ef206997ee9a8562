import type { Command } from 'commander';
import type { CliIo } from '../CliIo.js';
import { describePlugins } from '../describePlugins.js';
import { createPlatformKernel, loadPlatform } from '../loadPlatform.js';

/** `mlops plugins`: what is loaded, in start order, with versions and ports. */
export function addPluginsCommand(program: Command, io: CliIo, configFile: () => string | undefined): void {
  program
    .command('plugins')
    .description('list the plugins of the config in start order, with the ports each provides and requires')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const platform = await loadPlatform(io.cwd, configFile());
      const kernel = createPlatformKernel(platform);
      if (options.json) {
        io.out(
          JSON.stringify(
            kernel.plugins.map(({ maskedOptions: _, ...rest }) => rest),
            null,
            2,
          ),
        );
        return;
      }
      io.out(`plugins from ${platform.source}:`);
      for (const line of describePlugins(kernel.plugins)) io.out(line);
    });
}
