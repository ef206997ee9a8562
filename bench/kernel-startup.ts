// Starts and stops a kernel of 50 small plugins with a layered dependency graph, many times,
// and prints the median and p95 of create + start + stop. Run: npm run bench:kernel-startup
import { cpus } from 'node:os';
import { createKernel, createLogger } from '@mlops/core';
import { createToken, definePlugin, type PluginInstance, type Token } from '@mlops/plugin-api';

const iterations = Number(process.env.ITERATIONS ?? 200);
const logger = createLogger({ level: 'silent' });

/** A deterministic generator, so every run builds the same graph. */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

/**
 * Five layers as a real deployment has them: 4 storage ports, 8 domain services, 14 features,
 * 14 listeners/gates, 10 API surfaces; each requires 1 to 3 ports of lower layers, some
 * optionally, and has a small options schema with defaults (fresh objects each time when `cold`,
 * so ajv compiles them again as in a new process).
 */
function buildPlugins(cold: boolean): PluginInstance[] {
  const rand = lcg(42);
  const layers = [4, 8, 14, 14, 10];
  const tokensByLayer: Token<unknown>[][] = [];
  const plugins: PluginInstance[] = [];
  layers.forEach((count, layer) => {
    const tokens: Token<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const token = createToken<unknown>({ id: `bench.l${layer}.p${i}` });
      const below = tokensByLayer.flat();
      const pick = () => below[Math.floor(rand() * below.length)]!;
      const requires =
        below.length === 0 ? [] : [...new Set([pick(), pick()].slice(0, 1 + Math.floor(rand() * 2)))];
      const optional =
        below.length === 0 || rand() < 0.5 ? [] : [pick()].filter((t) => !requires.includes(t));
      const schema = {
        type: 'object',
        additionalProperties: false,
        properties: {
          enabled: { type: 'boolean', default: true },
          name: { type: 'string', default: `p${layer}-${i}` },
          poolSize: { type: 'integer', minimum: 1, default: 4 },
          secret: { type: 'string', writeOnly: true },
        },
      };
      const plugin = definePlugin<{ enabled: boolean; name: string; poolSize: number; secret?: string }>({
        name: `bench-l${layer}-p${i}`,
        version: '1.0.0',
        apiVersion: '^0.1.0',
        provides: [token],
        requires,
        optional,
        configSchema: cold ? structuredClone(schema) : schema,
        setup(ctx) {
          for (const t of requires) ctx.get(t);
          ctx.provide(token, { name: ctx.name, enabled: ctx.options.enabled });
        },
        start() {},
        stop() {},
      });
      plugins.push(plugin({ poolSize: 8, secret: 's3cr3t' }));
      tokens.push(token);
    }
    tokensByLayer.push(tokens);
  });
  return plugins;
}

async function measure(cold: boolean): Promise<number[]> {
  const warmPlugins = buildPlugins(false);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const plugins = cold ? buildPlugins(true) : warmPlugins;
    const t0 = performance.now();
    const kernel = createKernel({ plugins, logger });
    await kernel.start();
    await kernel.stop();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

for (const cold of [true, false]) {
  const times = await measure(cold);
  const label = cold ? 'cold (schemas compiled each time)' : 'warm (schemas compiled once)';
  console.log(
    `kernel-startup ${label}: 50 plugins, ${iterations} runs: median ${quantile(times, 0.5).toFixed(2)} ms, ` +
      `p95 ${quantile(times, 0.95).toFixed(2)} ms`,
  );
}
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}`);
