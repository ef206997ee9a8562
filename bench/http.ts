// HTTP benchmark (issue 5): the MLflow-compatible API of a real `mlops start` server in a child
// process, loaded from this process (so the two do not share an event loop, but do share the
// machine's cores): log-batch ingestion from 8 keep-alive clients, runs/get and model-versions/get
// at fixed rates, runs/search over 10,000 runs, and 10,000 held keep-alive connections.
// Run: npm run bench:http   (BACKENDS=sqlite,postgres CLIENTS=8 BATCHES=250 RETRIED=50 SECONDS=10
//   SEARCH_RUNS=10000 CONNECTIONS=10000 HOLD_SECONDS=10 PHASES=mixed,reads,search,connections; ingestion
//   always runs first, as the reads use its run; WRITER_THREAD=off turns tracking's writer thread off)

import { cpus, loadavg, totalmem } from 'node:os';
import { startPostgres } from '@mlops/test-servers';
import { Pool } from 'undici';
import { MachineLoad } from './http/MachineLoad.js';
import { measureConnections } from './http/measureConnections.js';
import { measureIngestion } from './http/measureIngestion.js';
import { measureMixed } from './http/measureMixed.js';
import { measureReads } from './http/measureReads.js';
import { measureSearch } from './http/measureSearch.js';
import { startServer } from './http/startServer.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const backends = (process.env.BACKENDS ?? 'sqlite,postgres').split(',');
const clients = env('CLIENTS', 8);
const batchesPerClient = env('BATCHES', 250);
const retriedPerClient = Math.min(env('RETRIED', 50), batchesPerClient);
const seconds = env('SECONDS', 10);
const searchRuns = env('SEARCH_RUNS', 10_000);
const connections = env('CONNECTIONS', 10_000);
const holdSeconds = env('HOLD_SECONDS', 10);
const phases = new Set((process.env.PHASES ?? 'mixed,reads,search,connections').split(','));

/** Milliseconds to parse a 76 KB log-batch body: how fast the cpus are right now, since this
 * machine's vCPUs run at half speed when its host is busy (a run-to-run reference, not a figure). */
function calibrate(): number {
  const points = Array.from({ length: 1000 }, (_, i) => ({
    key: `metric_${i % 10}`,
    value: Math.sin(i),
    timestamp: 1.7e12 + i,
    step: i,
  }));
  const body = JSON.stringify({ run_id: 'calibration', metrics: points });
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) JSON.parse(body);
  return (performance.now() - t0) / 300;
}

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} cpus, node ${process.version}, ${date}`;
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
    `node ${process.version}, ${new Date().toISOString()}, load average ${loadavg()[0]?.toFixed(2)}, ` +
    `JSON.parse of a 76 KB log-batch body ${calibrate().toFixed(2)} ms; ` +
    'server and load generator share these cpus',
);

async function bench(backend: string, databaseUrl?: string): Promise<void> {
  const server = await startServer(databaseUrl);
  const load = new MachineLoad(() => server.cpuSeconds());
  const report = (figure: string) => console.log(`${backend}: ${figure}; ${load.sinceLast()} [${machine}]`);
  const setup = new Pool(server.url, { connections: 16 });
  try {
    const runId = await measureIngestion(
      server,
      setup,
      { clients, batchesPerClient, retriedPerClient },
      report,
    );
    if (phases.has('mixed')) await measureMixed(server, setup, clients, batchesPerClient, report);
    if (phases.has('reads')) await measureReads(server, setup, { runId, seconds, warmUpSeconds: 2 }, report);
    if (phases.has('search')) await measureSearch(server, setup, searchRuns, 50, report);
    if (phases.has('connections')) await measureConnections(server, runId, connections, holdSeconds, report);
  } finally {
    await setup.close();
    await server.stop();
  }
}

for (const backend of backends) {
  if (backend === 'sqlite') {
    await bench('sqlite');
  } else if (backend === 'postgres') {
    const pg = await startPostgres();
    try {
      await bench('postgres', pg.url);
    } finally {
      await pg.stop();
    }
  } else {
    throw new Error(`unknown backend ${backend}: use sqlite, postgres or both`);
  }
}
