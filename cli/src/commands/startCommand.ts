import { HttpServer } from '@mlops/plugin-api';
import type { Command } from 'commander';
import type { CliIo } from '../CliIo.js';
import { describePlugins } from '../describePlugins.js';
import { createPlatformKernel, loadPlatform } from '../loadPlatform.js';

/** `mlops start` (alias `serve`): start the kernel and run until SIGINT or SIGTERM. */
export function addStartCommand(program: Command, io: CliIo, configFile: () => string | undefined): void {
  program
    .command('start')
    .alias('serve')
    .description('start the platform from the config, or from the embedded defaults when there is none')
    .action(async () => {
      const platform = await loadPlatform(io.cwd, configFile());
      const kernel = createPlatformKernel(platform);
      // Plugins with nothing listening would let the process end; the platform runs until a signal.
      const keepAlive = setInterval(() => {}, 1 << 30);
      // Before start, so a signal during a slow start still stops gracefully.
      kernel.handleSignals({
        deadlineMs: platform.config.shutdownTimeoutMs ?? 10_000,
        exit: (code) => {
          clearInterval(keepAlive);
          process.exit(code);
        },
      });
      try {
        await kernel.start();
      } catch (err) {
        clearInterval(keepAlive);
        throw err;
      }
      io.out(`mlops started from ${platform.source} with ${kernel.plugins.length} plugins:`);
      for (const line of describePlugins(kernel.plugins)) io.out(line);
      const http = kernel.find(HttpServer);
      if (http?.url !== undefined) {
        io.out(`API:  ${http.url}`);
        io.out(`docs: ${http.url}${http.docsPath}`);
      }
      io.out('press Ctrl-C to stop');
    });
}
