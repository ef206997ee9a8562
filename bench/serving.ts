// Serving benchmark (issue 9): an MLP 32 -> 64 -> 64 -> 10 (built with onnx-proto, seeded weights)
// deployed through plugins/serving in a child process, called over KServe v2 REST
// (`POST /v2/models/mlp/infer`, one row per request) from this process: closed-loop throughput
// from 32 keep-alive clients, then p50/p99 at a fixed 1,000 requests/s (open loop: latency counts
// from each request's due time), with adaptive micro-batching and without (policy `none`). The
// server first measures predictions/s in-process (32 concurrent callers of Serving.predict, no
// HTTP), which shows what batching saves on the model side alone. Mode `floor` runs the same closed
// loop against a bare koa app with no model (bench/serving/floorServer.ts): what any koa server
// costs a request on this machine, under which no batching can go. Modes `grpc-adaptive` and
// `grpc-none` run the closed loop over KServe's gRPC service instead (one channel a client, binary
// `raw_input_contents`). Modes `bare-adaptive` and `bare-none` run it against the least a Node
// server can do with the same model and batching (bench/serving/bareServer.ts: node:http, no
// framework, no checks): the anchor for the batching ratio on this machine.
// Run: npm run build && node bench/dist/serving.js
//   (CLIENTS=32 SECONDS=8 RATE=1000 RATE_SECONDS=10 MODES=adaptive,none,bare-adaptive,bare-none,floor,grpc-adaptive,grpc-none MAX_BATCH=64 MAX_WAIT_MS=2
//   LAYERS=32,64,64,10)

import { cpus, loadavg } from 'node:os';
import { Pool } from 'undici';
import { closedLoop } from './http/closedLoop.js';
import { fixedRate } from './http/fixedRate.js';
import { latencySummary } from './http/latencySummary.js';
import { processCpuSeconds } from './http/processCpuSeconds.js';
import { freePort } from './http/startServer.js';
import { grpcClosedLoop } from './serving/grpcClosedLoop.js';
import { startServingServer } from './serving/startServingServer.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const clients = env('CLIENTS', 32);
const seconds = env('SECONDS', 8);
const rate = env('RATE', 1000);
const rateSeconds = env('RATE_SECONDS', 10);
const modes = (
  process.env.MODES ?? 'adaptive,none,bare-adaptive,bare-none,floor,grpc-adaptive,grpc-none'
).split(',');

/** The MLP's layer widths, input first (`LAYERS`, default the issue's example 32,64,64,10). */
const layers = process.env.LAYERS ?? '32,64,64,10';
const features = Number(layers.split(',')[0]);

/** 256 request bodies of one row of `features` features each, seeded. */
const bodies = Array.from({ length: 256 }, (_, i) =>
  JSON.stringify({
    inputs: [
      {
        name: 'x',
        datatype: 'FP32',
        shape: [1, features],
        data: Array.from({ length: features }, (_, j) => Math.sin(i * features + j)),
      },
    ],
  }),
);
const infer = (i: number) => ({
  method: 'POST' as const,
  path: '/v2/models/mlp/infer',
  headers: { 'content-type': 'application/json' },
  body: bodies[i % bodies.length]!,
});

/** Batches by dispatch reason and the mean batch size, from the server's /metrics. */
async function batchStats(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const reasons = [...text.matchAll(/^serving_batches_total\{deployment="mlp",reason="(\w+)"\} (\d+)/gm)]
    .map(([, reason, n]) => `${reason} ${n}`)
    .join(', ');
  const sum = Number(/^serving_batch_size_sum\{deployment="mlp"\} (\S+)/m.exec(text)?.[1] ?? 0);
  const count = Number(/^serving_batch_size_count\{deployment="mlp"\} (\S+)/m.exec(text)?.[1] ?? 0);
  return `mean batch ${(sum / Math.max(count, 1)).toFixed(1)}; batches: ${reasons}`;
}

const fmt = (ms: number) => ms.toFixed(2);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}, ` +
    `${new Date().toISOString()}, load average ${loadavg()[0]?.toFixed(2)}; MLP ${layers.replaceAll(',', ' -> ')}; server and load generator share these cpus`,
);
const rows: string[] = [];

/** Server CPU over `elapsedMs` since `server0` (seconds), with the load generator's since `load0`. */
function cpuLine(
  pid: number,
  server0: number,
  load0: NodeJS.CpuUsage,
  requests: number,
  elapsedMs: number,
): string {
  const serverCpu = processCpuSeconds(pid) - server0;
  const load = process.cpuUsage(load0);
  return (
    `server CPU ${((100 * serverCpu * 1000) / elapsedMs).toFixed(0)}% (${((serverCpu * 1e6) / requests).toFixed(0)} µs a request), ` +
    `load generator ${((100 * ((load.user + load.system) / 1e6) * 1000) / elapsedMs).toFixed(0)}%`
  );
}

/** The closed loop over KServe gRPC (binary `raw_input_contents`), one channel a client. */
async function measureGrpc(batching: string): Promise<void> {
  const port = await freePort();
  const server = await startServingServer({ BATCHING: batching, LAYERS: layers, GRPC_PORT: String(port) });
  try {
    const address = `127.0.0.1:${port}`;
    await grpcClosedLoop(address, clients, 1000, features);
    const server0 = processCpuSeconds(server.pid);
    const load0 = process.cpuUsage();
    const loop = await grpcClosedLoop(address, clients, seconds * 1000, features);
    const cpu = cpuLine(server.pid, server0, load0, loop.latencies.length, loop.elapsedMs);
    const latency = latencySummary(loop.latencies);
    console.log(
      `grpc-${batching}: ${((loop.latencies.length * 1000) / loop.elapsedMs).toFixed(0)} req/s closed loop over KServe gRPC ` +
        `(p50 ${fmt(latency.p50)} ms, p99 ${fmt(latency.p99)} ms; ${cpu}); errors ${loop.errors}` +
        `${loop.firstError === undefined ? '' : ` (${loop.firstError})`}; ${await batchStats(server.url)}`,
    );
  } finally {
    await server.stop();
  }
}
for (const mode of modes) {
  if (mode.startsWith('grpc-')) {
    await measureGrpc(mode.slice('grpc-'.length));
    continue;
  }
  const bare = mode.startsWith('bare-');
  const server = await startServingServer(
    { BATCHING: bare ? mode.slice('bare-'.length) : mode, LAYERS: layers },
    mode === 'floor' ? 'floor' : bare ? 'bare' : 'serving',
  );
  const pool = new Pool(server.url, { connections: clients, pipelining: 1 });
  try {
    const until = (ms: number) => {
      const end = performance.now() + ms;
      return (client: number, i: number) =>
        performance.now() < end ? infer(client * 100_000 + i) : undefined;
    };
    await closedLoop(pool, clients, until(1000));
    const server0 = processCpuSeconds(server.pid);
    const load0 = process.cpuUsage();
    const loop = await closedLoop(pool, clients, until(seconds * 1000));
    const throughput = (loop.latencies.length * 1000) / loop.elapsedMs;
    const cpu = cpuLine(server.pid, server0, load0, loop.latencies.length, loop.elapsedMs);
    const loopLatency = latencySummary(loop.latencies);
    if (mode === 'floor') {
      console.log(
        `floor (a bare koa app: reads and parses the body, answers a fixed response; no model): ${throughput.toFixed(0)} req/s closed loop ` +
          `(p50 ${fmt(loopLatency.p50)} ms, p99 ${fmt(loopLatency.p99)} ms; ${cpu}); errors ${loop.errors}`,
      );
      continue;
    }
    if (bare) {
      console.log(
        `${mode} (node:http, no framework or checks, same model and batching): ${throughput.toFixed(0)} req/s closed loop ` +
          `(p50 ${fmt(loopLatency.p50)} ms, p99 ${fmt(loopLatency.p99)} ms; ${cpu}); errors ${loop.errors}`,
      );
      continue;
    }
    const loopStats = await batchStats(server.url);
    const fixed = await fixedRate(pool, rate, rateSeconds, infer);
    const fixedLatency = latencySummary(fixed.latencies);
    const errors = loop.errors + fixed.errors;
    console.log(
      `${mode}: in-process ${server.inProcessRate} predictions/s; ${throughput.toFixed(0)} req/s closed loop (p50 ${fmt(loopLatency.p50)} ms, p99 ${fmt(loopLatency.p99)} ms; ${cpu}); ` +
        `${rate} req/s: p50 ${fmt(fixedLatency.p50)} ms, p99 ${fmt(fixedLatency.p99)} ms, max ${fmt(fixedLatency.max)} ms; ` +
        `errors ${errors}${(loop.firstError ?? fixed.firstError) ? ` (${loop.firstError ?? fixed.firstError})` : ''}; ` +
        `after both: ${await batchStats(server.url)}; after the closed loop: ${loopStats}`,
    );
    rows.push(
      `| ${mode} | ${server.inProcessRate} | ${clients} | ${throughput.toFixed(0)} | ${fmt(loopLatency.p50)} / ${fmt(loopLatency.p99)} | ` +
        `${fmt(fixedLatency.p50)} / ${fmt(fixedLatency.p99)} / ${fmt(fixedLatency.max)} | ${errors} | ${loopStats} |`,
    );
  } finally {
    await pool.close();
    await server.stop();
  }
}
console.log('');
console.log(
  `| batching | in-process predictions/s (32 callers) | clients | closed-loop req/s | closed-loop p50 / p99 ms | ${rate} req/s p50 / p99 / max ms | errors | batches (closed loop) |`,
);
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
