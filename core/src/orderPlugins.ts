import type { PluginManifest, Token } from '@mlops/plugin-api';
import { KernelError } from './KernelError.js';

type Manifest = PluginManifest<unknown>;

/**
 * Orders plugins so each comes after the providers of the ports it requires or optionally uses.
 * Plugins of equal rank keep their config order. Kernel ports (`kernelTokens`) are always there.
 * @throws KernelError PLUGIN_DUPLICATE_PROVIDER, PLUGIN_MISSING_PROVIDER or PLUGIN_CYCLE, naming
 * every plugin and port involved.
 */
export function orderPlugins(
  manifests: readonly Manifest[],
  kernelTokens: readonly Token<unknown>[],
): number[] {
  const kernelIds = new Set(kernelTokens.map((t) => t.id));
  const providers = findProviders(manifests, kernelIds);
  checkMissing(manifests, providers, kernelIds);

  // edges[i] = plugins that must come after i, with the port that links them.
  const edges = manifests.map(() => new Map<number, string>());
  const indegree = manifests.map(() => 0);
  manifests.forEach((m, consumer) => {
    for (const token of [...(m.requires ?? []), ...(m.optional ?? [])]) {
      for (const provider of providers.get(token.id)?.indices ?? []) {
        if (provider === consumer || edges[provider]!.has(consumer)) continue;
        edges[provider]!.set(consumer, token.toString());
        indegree[consumer]!++;
      }
    }
  });

  const order: number[] = [];
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const next = ready.shift()!;
    order.push(next);
    for (const consumer of edges[next]!.keys()) {
      if (--indegree[consumer]! === 0) ready.push(consumer);
    }
  }
  if (order.length < manifests.length) {
    const left = new Set(manifests.keys());
    for (const i of order) left.delete(i);
    throw new KernelError('PLUGIN_CYCLE', [describeCycle(manifests, edges, left)]);
  }
  return order;
}

interface Providers {
  readonly token: Token<unknown>;
  readonly indices: number[];
}

function findProviders(manifests: readonly Manifest[], kernelIds: Set<string>): Map<string, Providers> {
  const providers = new Map<string, Providers>();
  const problems: string[] = [];
  manifests.forEach((m, i) => {
    for (const token of m.provides ?? []) {
      if (kernelIds.has(token.id)) {
        problems.push(`${token} is provided by the kernel; plugin "${m.name}" cannot provide it`);
        continue;
      }
      const entry = providers.get(token.id) ?? { token, indices: [] };
      entry.indices.push(i);
      providers.set(token.id, entry);
    }
  });
  for (const { token, indices } of providers.values()) {
    if (token.cardinality === 'one' && indices.length > 1) {
      const names = indices.map((i) => `"${manifests[i]!.name}"`).join(' and ');
      problems.push(`${token} allows one provider, but it is provided by ${names}`);
    }
  }
  if (problems.length > 0) throw new KernelError('PLUGIN_DUPLICATE_PROVIDER', problems);
  return providers;
}

function checkMissing(
  manifests: readonly Manifest[],
  providers: Map<string, Providers>,
  kernelIds: Set<string>,
) {
  const problems: string[] = [];
  for (const m of manifests) {
    for (const token of m.requires ?? []) {
      if (!kernelIds.has(token.id) && !providers.has(token.id)) {
        problems.push(`plugin "${m.name}" requires ${token}, but no plugin provides it`);
      }
    }
  }
  if (problems.length > 0) throw new KernelError('PLUGIN_MISSING_PROVIDER', problems);
}

function describeCycle(
  manifests: readonly Manifest[],
  edges: Map<number, string>[],
  left: Set<number>,
): string {
  // Every node left has an incoming edge from another node left, so walking back finds a cycle.
  const incoming = new Map<number, { from: number; port: string }>();
  for (const from of left) {
    for (const [to, port] of edges[from]!)
      if (left.has(to) && !incoming.has(to)) incoming.set(to, { from, port });
  }
  const seen: number[] = [];
  let at = Math.min(...left);
  while (!seen.includes(at)) {
    seen.push(at);
    at = incoming.get(at)!.from;
  }
  const cycle = seen.slice(seen.indexOf(at)).reverse();
  const steps = cycle.map((node) => {
    const { from, port } = incoming.get(node)!;
    return `"${manifests[node]!.name}" needs ${port} from "${manifests[from]!.name}"`;
  });
  return `plugins depend on each other in a cycle: ${steps.join(', ')}`;
}
