import { type CallContext, systemCall } from '../CallContext.js';
import type { PluginInstance } from '../definePlugin.js';
import type { Kernel } from '../Kernel.js';
import { loadCore } from './loadCore.js';

/** One line the test kernel logged, parsed from pino's JSON (`level` 30 is info, 40 warn, 50 error). */
export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  /** The plugin whose logger wrote the line; absent for the kernel's own lines. */
  readonly plugin?: string;
  readonly [field: string]: unknown;
}

/** Options of {@link createTestKernel}. */
export interface TestKernelOptions {
  readonly plugins: readonly PluginInstance[];
  /** The lowest pino level captured in `logs`; defaults to `info` (the environment's LOG_LEVEL is ignored). */
  readonly logLevel?: string;
}

/** A started kernel, with what it logged and a call context for domain calls. */
export interface TestKernel extends Kernel {
  /** Every line the kernel and its plugins logged so far, parsed; it grows as they log. */
  readonly logs: readonly LogLine[];
  /** A system call context (`systemCall()`), to pass to domain calls. */
  readonly call: CallContext;
}

/**
 * Creates and starts a real kernel (from `@mlops/core`, loaded at run time) with `plugins`, its
 * logs captured in memory instead of printed. Stop it with `kernel.stop()`.
 * @throws FailedPreconditionError when `@mlops/core` is not installed; the kernel's KernelError
 * when a plugin is refused or fails in setup or start (the kernel has then stopped what it started).
 * @example
 * const kernel = await createTestKernel({ plugins: [myStorePlugin({ maxBytes: 1024 })] });
 * try {
 *   await kernel.get(BlobStore).put('a.txt', 'hi');
 *   expect(kernel.logs.some((l) => l.msg === 'stored a.txt')).to.equal(true);
 * } finally {
 *   await kernel.stop();
 * }
 */
export async function createTestKernel(options: TestKernelOptions): Promise<TestKernel> {
  const core = await loadCore();
  const logs: LogLine[] = [];
  const logger = core.createLogger({
    level: options.logLevel ?? 'info',
    destination: {
      write(chunk: string) {
        for (const line of chunk.split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as LogLine);
      },
    },
  });
  const kernel = core.createKernel({ plugins: options.plugins, logger });
  await kernel.start();
  // Extend the kernel itself rather than wrap it, so its getters (`state`) and methods stay live.
  return Object.assign(kernel, { logs, call: systemCall() });
}
