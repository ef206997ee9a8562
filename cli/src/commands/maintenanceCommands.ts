import type { Command } from 'commander';
import type { CliIo } from '../CliIo.js';
import { createPlatformKernel, loadPlatform } from '../loadPlatform.js';

/**
 * `mlops migrate` and `mlops gc`. Both set the kernel up (plugins apply their migrations in
 * setup) without starting it, so no server port is opened.
 */
export function addMaintenanceCommands(
  program: Command,
  io: CliIo,
  configFile: () => string | undefined,
): void {
  program
    .command('migrate')
    .description("apply every plugin's pending database migrations, then exit")
    .action(async () => {
      const platform = await loadPlatform(io.cwd, configFile());
      const kernel = createPlatformKernel(platform);
      try {
        await kernel.setup();
        io.out(`migrations applied for ${kernel.plugins.length} plugins from ${platform.source}`);
      } finally {
        await kernel.stop();
      }
    });

  program
    .command('gc')
    .description('delete orphaned artifacts: runs every `<plugin> gc` command the plugins add')
    .option('--dry-run', 'list the orphans and delete nothing', false)
    .option('--min-age <duration>', 'keep orphans modified more recently than this (default 1h)')
    .action(async (options: { dryRun: boolean; minAge?: string }) => {
      const platform = await loadPlatform(io.cwd, configFile());
      const kernel = createPlatformKernel(platform);
      try {
        await kernel.setup();
        const collectors = kernel.commands.filter((c) => c.spec.name.trim().split(/\s+/).at(-1) === 'gc');
        if (collectors.length === 0) io.out('no plugin collects garbage in this config');
        for (const { plugin, spec } of collectors) {
          io.out(`${spec.name} (${plugin}):`);
          await spec.run({ args: [], options: { ...options }, scope: kernel, print: io.out });
        }
      } finally {
        await kernel.stop();
      }
    });
}
