import { Pool } from 'undici';
import { closedLoop } from './closedLoop.js';
import { latencySummary } from './latencySummary.js';
import { createExperiment, jsonHeaders, type MlflowRun, mlflowCall } from './mlflowCall.js';
import { fmt, ms, type Report, verdict } from './Report.js';
import type { ServerProcess } from './startServer.js';

const learningRates = ['0.1', '0.01', '0.001'];
const accOf = (i: number) => ((i * 7919) % 1000) / 1000;

/**
 * Seeds `runs` runs in a new experiment through the API (runs/create, then one log-batch with an
 * `acc` metric and an `lr` param), then times `runs/search` filtered and ordered by the metric,
 * one request at a time, and checks the page against what was seeded.
 */
export async function measureSearch(
  server: ServerProcess,
  setup: Pool,
  runs: number,
  searches: number,
  report: Report,
): Promise<void> {
  const experiment_id = await createExperiment(setup, 'bench-search');
  const seedStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < runs) {
        const i = next++;
        const { run } = await mlflowCall<{ run: MlflowRun }>(setup, 'POST', '/api/2.0/mlflow/runs/create', {
          experiment_id,
          run_name: `run-${i}`,
          tags: [{ key: 'team', value: i % 2 ? 'vision' : 'nlp' }],
        });
        await mlflowCall(setup, 'POST', '/api/2.0/mlflow/runs/log-batch', {
          run_id: run.info.run_id,
          metrics: [{ key: 'acc', value: accOf(i), timestamp: 1_700_000_000_000, step: 0 }],
          params: [{ key: 'lr', value: learningRates[i % 3] }],
        });
      }
    }),
  );
  const seedSeconds = (performance.now() - seedStart) / 1000;
  report(
    `seeded ${fmt(runs)} runs through the API (runs/create + log-batch, 16 clients) in ${seedSeconds.toFixed(1)} s ` +
      `(${fmt(runs / seedSeconds)} runs/s)`,
  );

  const filter = "metrics.acc > 0.5 and params.lr = '0.01'";
  const query = { experiment_ids: [experiment_id], filter, order_by: ['metrics.acc DESC'], max_results: 100 };
  const expected = Array.from({ length: runs }, (_, i) => i)
    .filter((i) => accOf(i) > 0.5 && learningRates[i % 3] === '0.01')
    .map(accOf)
    .sort((a, b) => b - a);
  const page = await mlflowCall<{ runs?: MlflowRun[] }>(setup, 'POST', '/api/2.0/mlflow/runs/search', query);
  const got = (page.runs ?? []).map((r) => r.data.metrics?.find((m) => m.key === 'acc')?.value);
  const pageOk =
    got.length === Math.min(100, expected.length) &&
    got.every((acc, k) => acc === expected[k]) &&
    (page.runs ?? []).every((r) => r.data.params?.some((p) => p.key === 'lr' && p.value === '0.01'));

  const pool = new Pool(server.url, { connections: 1 });
  const body = Buffer.from(JSON.stringify(query));
  const search = { method: 'POST' as const, path: '/api/2.0/mlflow/runs/search', headers: jsonHeaders, body };
  await closedLoop(pool, 1, (_, i) => (i < 5 ? search : undefined));
  const r = await closedLoop(pool, 1, (_, i) => (i < searches ? search : undefined));
  await pool.close();
  const l = latencySummary(r.latencies);
  report(
    `runs/search over ${fmt(runs)} runs, "${filter}" ordered by metrics.acc DESC, page of ${got.length} ` +
      `of ${fmt(expected.length)} matching (${pageOk ? 'page checked' : 'WRONG PAGE'}): p50 ${ms(l.p50)} ms, ` +
      `p99 ${ms(l.p99)} ms, ${fmt(l.count)} sequential requests, ${r.errors} errors ` +
      `[target p50 < 20 ms: ${verdict(l.p50 < 20 && pageOk && r.errors === 0)}; MLflow 2.12: 655 ms p50]`,
  );
}
