import { Pool } from 'undici';
import { closedLoop } from './closedLoop.js';
import { latencySummary } from './latencySummary.js';
import { logBatchBody } from './measureIngestion.js';
import { createExperiment, jsonHeaders, type MlflowRun, mlflowCall } from './mlflowCall.js';
import { fmt, ms, type Report } from './Report.js';
import type { ServerProcess } from './startServer.js';

/**
 * Ingestion with other traffic: `clients` clients log new batches of 1,000 points back to back
 * (as the ingestion figure), while one more client creates a run, reads one and registers a
 * model, then pauses 10 ms, until they are done (any answer but 200 fails the bench). Shows what full ingestion costs the requests served beside it.
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
  const models: number[] = [];
  let done = false;
  const sideTraffic = (async () => {
    while (!done) {
      let t0 = performance.now();
      await mlflowCall(side, 'POST', '/api/2.0/mlflow/runs/create', { experiment_id });
      creates.push(performance.now() - t0);
      t0 = performance.now();
      await mlflowCall(side, 'GET', '/api/2.0/mlflow/runs/get', { run_id: runIds[0]! });
      gets.push(performance.now() - t0);
      // A registry write: a knex transaction that reads before it writes, beside the writer thread.
      t0 = performance.now();
      await mlflowCall(side, 'POST', '/api/2.0/mlflow/registered-models/create', {
        name: `bench-mixed-${experiment_id}-${models.length}`,
      });
      models.push(performance.now() - t0);
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
  const m = latencySummary(models);
  const points = ((ingestion.latencies.length - ingestion.errors) * 1000) / (ingestion.elapsedMs / 1000);
  report(
    `mixed: log-batch from ${clients} clients ${fmt(points)} points/s, p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, ` +
      `${ingestion.errors} errors; meanwhile runs/create p50 ${ms(c.p50)} ms, p99 ${ms(c.p99)} ms (${fmt(c.count)}) ` +
      `, runs/get p50 ${ms(g.p50)} ms, p99 ${ms(g.p99)} ms and registered-models/create p50 ${ms(m.p50)} ms, ` +
      `p99 ${ms(m.p99)} ms (every one answered 200)`,
  );
}
