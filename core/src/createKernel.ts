import type { Kernel, KernelOptions } from '@mlops/plugin-api';
import { PluginKernel } from './PluginKernel.js';

/**
 * Creates a kernel from a list of plugins. Checks names, API versions, options and the port graph
 * at once, without running plugin code; `start()` then sets up and starts the plugins in order.
 * @throws KernelError (see docs/errors.md) naming every plugin and port at fault.
 * @example
 * const kernel = createKernel({ plugins: [storeSqlPlugin(), trackingPlugin()] });
 * await kernel.start();
 * kernel.handleSignals();
 */
export function createKernel(options: KernelOptions): Kernel {
  return new PluginKernel(options);
}
