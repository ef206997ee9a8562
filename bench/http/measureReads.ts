import { Pool } from 'undici';
import { fixedRate } from './fixedRate.js';
import { latencySummary } from './latencySummary.js';
import { mlflowCall } from './mlflowCall.js';
import { fmt, ms, type Report, verdict } from './Report.js';
import type { ServerProcess } from './startServer.js';

/** Options of {@link measureReads}. */
export interface ReadOptions {
  /** The run `runs/get` reads (ten metrics, five params, two tags). */
  readonly runId: string;
  readonly seconds: number;
  readonly warmUpSeconds: number;
}

async function atRate(
  server: ServerProcess,
  label: string,
  rate: number,
  path: string,
  options: ReadOptions,
  target: (p99: number) => string,
  report: Report,
): Promise<void> {
  // Enough connections that a slow answer never makes later requests wait for a free one.
  const pool = new Pool(server.url, { connections: 64 });
  const get = () => ({ method: 'GET' as const, path });
  await fixedRate(pool, rate, options.warmUpSeconds, get);
  const cpu0 = server.cpuSeconds();
  const load0 = process.cpuUsage();
  const r = await fixedRate(pool, rate, options.seconds, get);
  const cpuMs = ((server.cpuSeconds() - cpu0) * 1000) / r.latencies.length;
  const load = process.cpuUsage(load0);
  const loadCpu = (load.user + load.system) / 1000 / r.elapsedMs;
  const l = latencySummary(r.latencies);
  report(
    `${label} at ${fmt(rate)} requests/s for ${options.seconds} s: p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, ` +
      `max ${ms(l.max)} ms, ${fmt(l.count)} requests answered in ${(r.elapsedMs / 1000).toFixed(1)} s, ` +
      `${r.errors} errors, server CPU ${cpuMs.toFixed(2)} ms a request, ` +
      `load generator CPU ${fmt(loadCpu * 100)}%` +
      `${r.firstError ? ` (first: ${r.firstError})` : ''}${target(r.errors === 0 ? l.p99 : Number.POSITIVE_INFINITY)}`,
  );
  await pool.close();
}

/**
 * Latencies of `/healthz` at 1,000 requests/s (the HTTP layer's cost), `runs/get` at 200
 * requests/s (MLflow's anchor) and at 1,000, and `model-versions/get` at 1,000 requests/s (the
 * target), each from the time the request was due.
 */
export async function measureReads(
  server: ServerProcess,
  setup: Pool,
  options: ReadOptions,
  report: Report,
): Promise<void> {
  // The HTTP layer alone (routing, headers, access log, metrics), as a baseline for the two reads.
  await atRate(server, '/healthz', 1000, '/healthz', options, () => ' [baseline]', report);
  const runGet = `/api/2.0/mlflow/runs/get?run_id=${options.runId}`;
  await atRate(
    server,
    'runs/get',
    200,
    runGet,
    options,
    () => ' [MLflow 2.12: p99 17-20 ms at 200 requests/s]',
    report,
  );
  await atRate(
    server,
    'runs/get',
    1000,
    runGet,
    options,
    (p99) => ` [as get-model-version's target, p99 < 20 ms: ${verdict(p99 < 20)}]`,
    report,
  );

  const name = `bench-model-${Date.now()}`;
  await mlflowCall(setup, 'POST', '/api/2.0/mlflow/registered-models/create', { name });
  await mlflowCall(setup, 'POST', '/api/2.0/mlflow/model-versions/create', {
    name,
    source: `s3://bench/models/${name}/1`,
    run_id: options.runId,
    tags: [{ key: 'framework', value: 'onnx' }],
  });
  await atRate(
    server,
    'model-versions/get',
    1000,
    `/api/2.0/mlflow/model-versions/get?name=${name}&version=1`,
    options,
    (p99) => ` [target p99 < 20 ms at 1,000 requests/s: ${verdict(p99 < 20)}]`,
    report,
  );
}
