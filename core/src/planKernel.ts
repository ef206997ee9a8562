import { Hooks, Lifecycle, Logger, Metrics, type PluginInstance, type Token } from '@mlops/plugin-api';
import { checkApiVersion } from './checkApiVersion.js';
import { KernelError } from './KernelError.js';
import { orderPlugins } from './orderPlugins.js';
import type { PluginSlot } from './PluginSlot.js';
import { maskSecrets, validatePluginOptions } from './validatePluginOptions.js';

/** Ports the kernel provides to every plugin itself. */
export const kernelTokens: readonly Token<unknown>[] = [Logger, Metrics, Hooks, Lifecycle];

/**
 * Checks a plugin set without running any plugin code, and returns it in start order.
 * @throws KernelError with every problem of the first failing check: duplicate names, API
 * versions, options, then the port graph.
 */
export function planKernel(plugins: readonly PluginInstance[]): PluginSlot[] {
  const manifests = plugins.map((p) => p.manifest);

  const seen = new Map<string, number>();
  const duplicates = manifests.flatMap((m, i) => {
    const first = seen.get(m.name);
    if (first === undefined) seen.set(m.name, i);
    return first === undefined
      ? []
      : [`plugin "${m.name}" is listed twice (positions ${first + 1} and ${i + 1})`];
  });
  if (duplicates.length > 0) throw new KernelError('PLUGIN_DUPLICATE_NAME', duplicates);

  const mismatches = manifests.flatMap((m) => checkApiVersion(m) ?? []);
  if (mismatches.length > 0) throw new KernelError('PLUGIN_API_MISMATCH', mismatches);

  const checks = plugins.map((p) => validatePluginOptions(p.manifest, p.options));
  const badOptions = checks.flatMap((c) => c.problems);
  if (badOptions.length > 0) {
    throw new KernelError('PLUGIN_BAD_OPTIONS', badOptions, { category: 'InvalidArgument' });
  }

  const order = orderPlugins(manifests, kernelTokens);
  return order.map((index, rank) => ({
    manifest: manifests[index]!,
    options: checks[index]!.options,
    maskedOptions: maskSecrets(checks[index]!.options, manifests[index]!.configSchema),
    rank,
    setUp: false,
    started: false,
    closeHandlers: [],
  }));
}
