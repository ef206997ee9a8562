import { Pool } from 'undici';
import { closedLoop } from './closedLoop.js';
import { latencySummary } from './latencySummary.js';
import { logBatchBody } from './measureIngestion.js';
import { createExperiment, jsonHeaders, type MlflowRun, mlflowCall } from './mlflowCall.js';
import { fmt, ms, type Report } from './Report.js';
import type { ServerProcess } from './startServer.js';

/**
 * Ingestion with other traffic: `clients` clients log new batches of 1,000 points back to back
 * (as the ingestion figure), while one more client creates a run and reads one, then pauses 10 ms,
 * until they are done. Shows what full ingestion costs the requests served beside it.
 */
export async function measureMixed(
  server: ServerProcess,
  setup: Pool,
  clients: number,
  batchesPerClient: number,
  report: Report,
): Promise<void> {
  const experiment_id = await createExperiment(setup, 'bench-mixed');
  const runIds: string[] = [];
  for (let c = 0; c < clients; c++) {
    const { run } = await mlflowCall<{ run: MlflowRun }>(setup, 'POST', '/api/2.0/mlflow/runs/create', {
      experiment_id,
    });
    runIds.push(run.info.run_id);
  }
  const bodies = runIds.map((runId) =>
    Array.from({ length: batchesPerClient }, (_, b) => logBatchBody(runId, b)),
  );
  const pool = new Pool(server.url, { connections: clients });
  const side = new Pool(server.url, { connections: 1 });
  const creates: number[] = [];
  const gets: number[] = [];
  let done = false;
  const sideTraffic = (async () => {
    while (!done) {
      let t0 = performance.now();
      await mlflowCall(side, 'POST', '/api/2.0/mlflow/runs/create', { experiment_id });
      creates.push(performance.now() - t0);
      t0 = performance.now();
      await mlflowCall(side, 'GET', '/api/2.0/mlflow/runs/get', { run_id: runIds[0]! });
      gets.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const ingestion = await closedLoop(pool, clients, (c, i) =>
    i < batchesPerClient
      ? { method: 'POST', path: '/api/2.0/mlflow/runs/log-batch', headers: jsonHeaders, body: bodies[c]![i]! }
      : undefined,
  );
  done = true;
  await sideTraffic;
  await Promise.all([pool.close(), side.close()]);
  const l = latencySummary(ingestion.latencies);
  const c = latencySummary(creates);
  const g = latencySummary(gets);
  const points = ((ingestion.latencies.length - ingestion.errors) * 1000) / (ingestion.elapsedMs / 1000);
  report(
    `mixed: log-batch from ${clients} clients ${fmt(points)} points/s, p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, ` +
      `${ingestion.errors} errors; meanwhile runs/create p50 ${ms(c.p50)} ms, p99 ${ms(c.p99)} ms (${fmt(c.count)}) ` +
      `and runs/get p50 ${ms(g.p50)} ms, p99 ${ms(g.p99)} ms`,
  );
}
