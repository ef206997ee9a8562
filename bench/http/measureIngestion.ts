import { Pool } from 'undici';
import { closedLoop } from './closedLoop.js';
import type { LoadResult } from './LoadResult.js';
import { latencySummary } from './latencySummary.js';
import { createExperiment, jsonHeaders, type MlflowRun, mlflowCall } from './mlflowCall.js';
import { fmt, ms, type Report, verdict } from './Report.js';
import type { ServerProcess } from './startServer.js';

const logBatchPath = '/api/2.0/mlflow/runs/log-batch';
const keys = 10;
const stepsPerBatch = 100;

/** Batch `batch` of a run: 100 steps of 10 keys, steps `batch * 100` onwards, so 1,000 new points. */
export function logBatchBody(runId: string, batch: number): Buffer {
  const parts: string[] = [];
  for (let s = 0; s < stepsPerBatch; s++) {
    const step = batch * stepsPerBatch + s;
    for (let k = 0; k < keys; k++) {
      const value = Math.sin(step / 100 + k) + (step % 7) / 100;
      parts.push(
        `{"key":"metric_${k}","value":${value},"timestamp":${1_700_000_000_000 + step},"step":${step}}`,
      );
    }
  }
  return Buffer.from(`{"run_id":"${runId}","metrics":[${parts.join(',')}]}`);
}

async function storedPoints(pool: Pool, runId: string): Promise<number> {
  const history = await mlflowCall<{ metrics?: unknown[] }>(
    pool,
    'GET',
    '/api/2.0/mlflow/metrics/get-history',
    {
      run_id: runId,
      metric_key: 'metric_0',
    },
  );
  return history.metrics?.length ?? 0;
}

/** Options of {@link measureIngestion}. */
export interface IngestionOptions {
  readonly clients: number;
  readonly batchesPerClient: number;
  readonly retriedPerClient: number;
}

/**
 * `runs/log-batch` with 1,000 metrics a request from `clients` keep-alive connections, each
 * client logging its own run with new steps on every request; then batches sent again (an
 * idempotent retry). Checks what was stored. Resolves to the first client's run, which has
 * params, tags and ten metrics, for the read figures.
 */
export async function measureIngestion(
  server: ServerProcess,
  setup: Pool,
  options: IngestionOptions,
  report: Report,
): Promise<string> {
  const { clients, batchesPerClient, retriedPerClient } = options;
  const experiment_id = await createExperiment(setup, 'bench-http');
  const runIds: string[] = [];
  for (let c = 0; c < 2 * clients; c++) {
    const { run } = await mlflowCall<{ run: MlflowRun }>(setup, 'POST', '/api/2.0/mlflow/runs/create', {
      experiment_id,
      run_name: c < clients ? `client-${c}` : `warm-up-${c}`,
      tags: [{ key: 'team', value: 'bench' }],
    });
    runIds.push(run.info.run_id);
  }
  await mlflowCall(setup, 'POST', logBatchPath, {
    run_id: runIds[0],
    params: ['lr', 'batch_size', 'optimizer', 'epochs', 'seed'].map((key, i) => ({ key, value: `${i}` })),
    tags: [{ key: 'mlflow.source.type', value: 'LOCAL' }],
  });

  const pool = new Pool(server.url, { connections: clients });
  const post = (body: Buffer) => ({
    method: 'POST' as const,
    path: logBatchPath,
    headers: jsonHeaders,
    body,
  });
  const warmUp = Array.from({ length: clients }, (_, c) =>
    Array.from({ length: 10 }, (_, b) => logBatchBody(runIds[clients + c]!, b)),
  );
  await closedLoop(pool, clients, (c, i) => (i < 10 ? post(warmUp[c]![i]!) : undefined));
  // Built before the clock starts, so the load generator spends its CPU on sending only.
  const bodies = Array.from({ length: clients }, (_, c) =>
    Array.from({ length: batchesPerClient }, (_, b) => logBatchBody(runIds[c]!, b)),
  );

  const measure = async (batches: number): Promise<LoadResult & { serverCpu: number; loadCpu: number }> => {
    const server0 = server.cpuSeconds();
    const load0 = process.cpuUsage();
    const result = await closedLoop(pool, clients, (c, i) =>
      i < batches ? post(bodies[c]![i]!) : undefined,
    );
    const load = process.cpuUsage(load0);
    return {
      ...result,
      serverCpu: (server.cpuSeconds() - server0) / (result.elapsedMs / 1000),
      loadCpu: (load.user + load.system) / 1000 / result.elapsedMs,
    };
  };
  const line = (label: string, r: LoadResult & { serverCpu: number; loadCpu: number }, target: string) => {
    const l = latencySummary(r.latencies);
    const points = ((r.latencies.length - r.errors) * 1000) / (r.elapsedMs / 1000);
    report(
      `${label}: ${fmt(points)} points/s (${fmt(l.count / (r.elapsedMs / 1000))} requests/s of 1,000), ` +
        `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms, ${r.errors} errors` +
        `${r.firstError ? ` (first: ${r.firstError})` : ''}; server CPU ${fmt(r.serverCpu * 100)}%, ` +
        `load generator CPU ${fmt(r.loadCpu * 100)}%${target}`,
    );
  };

  const fresh = await measure(batchesPerClient);
  const freshLatency = latencySummary(fresh.latencies);
  const freshPoints = ((fresh.latencies.length - fresh.errors) * 1000) / (fresh.elapsedMs / 1000);
  const met = freshPoints >= 250_000 && freshLatency.p99 < 50 && fresh.errors === 0;
  line(
    `log-batch, ${clients} keep-alive clients x ${fmt(batchesPerClient)} requests of 1,000 new points`,
    fresh,
    ` [target >= 250,000 points/s with p99 < 50 ms: ${verdict(met)}; ` +
      'MLflow 2.12: 11,000-16,000 points/s from 8 clients, p99 1.8-2.5 s]',
  );
  const expected = batchesPerClient * stepsPerBatch;
  const stored = await storedPoints(setup, runIds[0]!);
  report(`log-batch check: metric_0 of client 0 holds ${fmt(stored)} points (expected ${fmt(expected)})`);

  const retried = await measure(retriedPerClient);
  line(`log-batch retried, ${clients} clients x ${fmt(retriedPerClient)} batches sent again`, retried, '');
  const after = await storedPoints(setup, runIds[0]!);
  report(
    `log-batch retry check: metric_0 of client 0 holds ${fmt(after)} points ` +
      `(${after === expected ? 'idempotent' : 'NOT IDEMPOTENT'})`,
  );
  await pool.close();
  return runIds[0]!;
}
