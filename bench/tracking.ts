// In-process tracking benchmark (issue 4): metric ingestion in batches of 1,000 (and idempotent
// retries), downsampled history of a 1,000,000-point curve, and run search at scale, on SQLite
// and PostgreSQL. Run: npm run bench:tracking  (BACKENDS=sqlite,postgres SEARCH_RUNS=100000,1000000)

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel, createLogger } from '@mlops/core';
import { type Metric, systemCall, Tracking } from '@mlops/plugin-api';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { startPostgres } from '@mlops/test-servers';

const backends = (process.env.BACKENDS ?? 'sqlite,postgres').split(',');
const searchSizes = (process.env.SEARCH_RUNS ?? '100000').split(',').map(Number);
const call = systemCall('bench');
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/** Batch `b` of a run: 100 steps of 10 keys, or 1,000 steps of one key. */
function batch(b: number, keys: string[]): Metric[] {
  const stepsPerBatch = 1000 / keys.length;
  const points: Metric[] = [];
  for (let s = 0; s < stepsPerBatch; s++) {
    const step = b * stepsPerBatch + s;
    for (const key of keys)
      points.push({
        key,
        value: Math.sin(step / 1000) + (step % 7) / 100,
        timestamp: 1_700_000_000_000 + step,
        step,
      });
  }
  return points;
}

async function bench(backend: string, url: string, schema?: string) {
  const logger = createLogger({ level: 'warn' });
  const kernel = createKernel({
    plugins: [storeSqlPlugin(schema ? { url, schema } : { url }), trackingPlugin()],
    logger,
  });
  await kernel.start();
  const tracking = kernel.get(Tracking);
  const exp = await tracking.createExperiment({ name: `bench-${Date.now()}` }, call);

  const keys = Array.from({ length: 10 }, (_, i) => `metric_${i}`);
  const run = await tracking.createRun({ experimentId: exp.experimentId }, call);
  // Batches are built before the clock starts: the figure is the platform's, not the generator's.
  const tenKeyBatches = Array.from({ length: 1000 }, (_, b) => batch(b, keys));
  const [, ingestMs] = await timed(async () => {
    for (const metrics of tenKeyBatches) await tracking.logBatch(run.info.runId, { metrics }, call);
  });
  console.log(
    `${backend}: ingestion 1,000,000 points (10 keys) in batches of 1,000: ${fmt(1e9 / ingestMs)} points/s`,
  );

  const [, retryMs] = await timed(async () => {
    for (let b = 0; b < 1000; b += 10)
      await tracking.logBatch(run.info.runId, { metrics: tenKeyBatches[b]! }, call);
  });
  const stored = await tracking.getMetricHistory(
    { runId: run.info.runId, key: 'metric_0', maxPoints: 10 },
    call,
  );
  console.log(
    `${backend}: 100 retried batches: ${fmt(1e8 / retryMs)} points/s, metric_0 holds ${fmt(stored.totalPoints)} points ` +
      `(${stored.totalPoints === 100_000 ? 'idempotent' : 'NOT IDEMPOTENT'})`,
  );

  const curve = await tracking.createRun({ experimentId: exp.experimentId, runName: 'curve' }, call);
  const curveBatches = Array.from({ length: 1000 }, (_, b) => batch(b, ['loss']));
  const [, curveMs] = await timed(async () => {
    for (const metrics of curveBatches) await tracking.logBatch(curve.info.runId, { metrics }, call);
  });
  console.log(
    `${backend}: ingestion 1,000,000 points (1 key) in batches of 1,000: ${fmt(1e9 / curveMs)} points/s`,
  );
  const historyTimes: number[] = [];
  let sampledPoints = 0;
  for (let i = 0; i < 30; i++) {
    const [h, ms] = await timed(() =>
      tracking.getMetricHistory({ runId: curve.info.runId, key: 'loss', maxPoints: 2000 }, call),
    );
    historyTimes.push(ms);
    sampledPoints = h.points.length;
  }
  console.log(
    `${backend}: downsampled history of 1,000,000 points to ${sampledPoints}: p50 ${quantile(historyTimes, 0.5).toFixed(1)} ms, ` +
      `p95 ${quantile(historyTimes, 0.95).toFixed(1)} ms`,
  );

  let made = 0;
  const searchExp = await tracking.createExperiment({ name: `bench-search-${Date.now()}` }, call);
  for (const size of searchSizes) {
    const [, createMs] = await timed(async () => {
      for (; made < size; made++) {
        const r = await tracking.createRun({ experimentId: searchExp.experimentId }, call);
        await tracking.logBatch(
          r.info.runId,
          {
            metrics: [
              { key: 'acc', value: ((made * 7919) % 1000) / 1000, timestamp: 1_700_000_000_000, step: 0 },
            ],
            params: [{ key: 'lr', value: ['0.1', '0.01', '0.001'][made % 3]! }],
            tags: [{ key: 'team', value: made % 2 ? 'vision' : 'nlp' }],
          },
          call,
        );
      }
    });
    if (createMs > 0)
      console.log(
        `${backend}: created runs up to ${fmt(size)} (createRun + logBatch each) in ${(createMs / 1000).toFixed(1)} s`,
      );
    for (const [label, query] of [
      ['filter', { filter: "metrics.acc > 0.9 and params.lr = '0.01'" }],
      [
        'filter + order by metric',
        { filter: "metrics.acc > 0.9 and params.lr = '0.01'", orderBy: ['metrics.acc DESC'] },
      ],
    ] as const) {
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < 30; i++) {
        const [page, ms] = await timed(() =>
          tracking.searchRuns({ experimentIds: [searchExp.experimentId], maxResults: 100, ...query }, call),
        );
        times.push(ms);
        found = page.runs.length;
      }
      console.log(
        `${backend}: search ${fmt(size)} runs (${label}, page of ${found}): p50 ${quantile(times, 0.5).toFixed(1)} ms, ` +
          `p95 ${quantile(times, 0.95).toFixed(1)} ms`,
      );
    }
  }
  await kernel.stop();
}

console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, ${new Date().toISOString()}`,
);
for (const backend of backends) {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-tracking-'));
    await bench('sqlite', `sqlite:${join(dir, 'bench.db')}`);
    rmSync(dir, { recursive: true, force: true });
  } else {
    const pg = await startPostgres();
    try {
      await bench('postgres', pg.url, 'bench');
    } finally {
      await pg.stop();
    }
  }
}
