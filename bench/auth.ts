// Auth benchmark (issue 6): what authentication and authorisation add to MLflow's runs/get, with
// p50 and p99 from one sequential client and from 8 concurrent ones, on an in-process kernel
// (store-sql on SQLite, http, tracking, with or without auth) over keep-alive undici connections.
// Callers: none (no auth plugin), an API token (Bearer), a session JWT (Bearer) and HTTP Basic,
// each a non-admin user whose READ comes from the default permission (so the run is resolved to
// its experiment and the permission looked up, both cached). Rounds alternate between setups, so
// drifts in machine speed hit all of them alike.
// Then the Auth port alone, in process: authenticate + authorize of runs/get's check, per caller.
// Run: npm run build && node bench/dist/auth.js   (REQUESTS=2000 ROUNDS=3 CLIENTS=8 CALLS=20000)

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Auth, HttpServer, type PluginInstance, systemCall, Tracking } from '@mlops/plugin-api';
import { createTestKernel, type TestKernel } from '@mlops/plugin-api/testing';
import { authPlugin } from '@mlops/plugin-auth';
import { httpPlugin } from '@mlops/plugin-http';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { trackingPlugin } from '@mlops/plugin-tracking';
import { Pool } from 'undici';
import { closedLoop } from './http/closedLoop.js';
import { latencySummary } from './http/latencySummary.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const requests = env('REQUESTS', 2000);
const rounds = env('ROUNDS', 3);
const clients = env('CLIENTS', 8);
const calls = env('CALLS', 20_000);

interface Setup {
  readonly name: string;
  readonly url: string;
  readonly runId: string;
  readonly authorization?: string;
}

async function startKernel(
  dir: string,
  withAuth: boolean,
): Promise<{ kernel: TestKernel; url: string; runId: string }> {
  process.env.MLOPS_BENCH_ADMIN_PASSWORD = 'bench-admin-password';
  const plugins: PluginInstance[] = [
    storeSqlPlugin({ url: `sqlite:${join(dir, withAuth ? 'auth.db' : 'plain.db')}` }),
    httpPlugin({ port: 0, accessLog: false }),
    trackingPlugin(),
    ...(withAuth
      ? [authPlugin({ admin: { username: 'admin', passwordEnv: 'MLOPS_BENCH_ADMIN_PASSWORD' } })]
      : []),
  ];
  const kernel = await createTestKernel({ plugins, logLevel: 'warn' });
  const tracking = kernel.get(Tracking);
  const experiment = await tracking.createExperiment({ name: 'bench' }, systemCall());
  const run = await tracking.createRun(
    { experimentId: experiment.experimentId, runName: 'bench' },
    systemCall(),
  );
  await tracking.logBatch(
    run.info.runId,
    {
      metrics: Array.from({ length: 20 }, (_, i) => ({
        key: `m${i}`,
        value: i,
        timestamp: Date.now(),
        step: 0,
      })),
      params: Array.from({ length: 20 }, (_, i) => ({ key: `p${i}`, value: String(i) })),
      tags: [],
    },
    systemCall(),
  );
  return { kernel, url: kernel.get(HttpServer).url!, runId: run.info.runId };
}

async function post(
  url: string,
  path: string,
  body: unknown,
  authorization: string,
): Promise<Record<string, string>> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: authorization },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

async function measure(setup: Setup, concurrency: number): Promise<number[]> {
  const pool = new Pool(setup.url, { connections: concurrency });
  const headers = setup.authorization === undefined ? {} : { authorization: setup.authorization };
  const perClient = Math.ceil(requests / concurrency);
  try {
    const result = await closedLoop(pool, concurrency, (_, i) =>
      i < perClient
        ? { method: 'GET', path: `/api/2.0/mlflow/runs/get?run_id=${setup.runId}`, headers }
        : undefined,
    );
    if (result.errors > 0)
      throw new Error(`${setup.name}: ${result.errors} errors, first: ${result.firstError}`);
    return result.latencies;
  } finally {
    await pool.close();
  }
}

const dir = mkdtempSync(join('/tmp', 'bench-auth-'));
const plain = await startKernel(dir, false);
const secured = await startKernel(dir, true);
try {
  const admin = `Basic ${Buffer.from('admin:bench-admin-password').toString('base64')}`;
  await post(secured.url, '/api/v1/users', { username: 'reader', password: 'reader-password-1' }, admin);
  const basic = `Basic ${Buffer.from('reader:reader-password-1').toString('base64')}`;
  const token = (await post(secured.url, '/api/v1/tokens', { name: 'bench' }, basic)).token;
  const session = await post(
    secured.url,
    '/api/v1/auth/login',
    { username: 'reader', password: 'reader-password-1' },
    basic,
  );
  const setups: Setup[] = [
    { name: 'no auth', url: plain.url, runId: plain.runId },
    { name: 'API token', url: secured.url, runId: secured.runId, authorization: `Bearer ${token}` },
    { name: 'JWT', url: secured.url, runId: secured.runId, authorization: `Bearer ${session.access_token}` },
    { name: 'Basic', url: secured.url, runId: secured.runId, authorization: basic },
  ];
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}, ` +
      `${new Date().toISOString()}, load average ${loadavg()[0]?.toFixed(2)}; client and server share one event loop`,
  );
  for (const concurrency of [1, clients]) {
    const latencies = new Map(setups.map((s) => [s.name, [] as number[]]));
    for (const s of setups) await measure(s, concurrency); // warm-up: JIT, caches, connections
    for (let round = 0; round < rounds; round++) {
      for (const s of setups) latencies.get(s.name)!.push(...(await measure(s, concurrency)));
    }
    const base = latencySummary(latencies.get('no auth')!);
    for (const s of setups) {
      const q = latencySummary(latencies.get(s.name)!);
      const added =
        s.name === 'no auth'
          ? ''
          : `, added p50 ${(q.p50 - base.p50).toFixed(3)} ms, p99 ${(q.p99 - base.p99).toFixed(3)} ms`;
      console.log(
        `runs/get, ${concurrency} client${concurrency > 1 ? 's' : ''}, ${s.name}: ${q.count} requests, ` +
          `p50 ${q.p50.toFixed(3)} ms, p99 ${q.p99.toFixed(3)} ms${added}`,
      );
    }
  }
  const auth = secured.kernel.get(Auth);
  for (const s of setups.filter((x) => x.authorization !== undefined)) {
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const t0 = performance.now();
      const principal = await auth.authenticate({ authorization: s.authorization!, ip: '127.0.0.1' });
      if (!(await auth.authorize(principal, 'READ', { kind: 'run', id: s.runId })))
        throw new Error('refused');
      times.push(performance.now() - t0);
    }
    const q = latencySummary(times.slice(calls / 10));
    console.log(
      `Auth port alone, ${s.name}: authenticate + authorize(READ run), p50 ${(q.p50 * 1000).toFixed(1)} µs, ` +
        `p99 ${(q.p99 * 1000).toFixed(1)} µs`,
    );
  }
} finally {
  await secured.kernel.stop();
  await plain.kernel.stop();
  rmSync(dir, { recursive: true, force: true });
}
