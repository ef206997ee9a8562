import { readFileSync } from 'node:fs';
import { Client } from 'undici';
import { holdConnections } from './holdConnections.js';
import { latencySummary } from './latencySummary.js';
import { fmt, ms, type Report, verdict } from './Report.js';
import type { ServerProcess } from './startServer.js';

/** The soft limit on open files of this process (the server child inherits it). */
function openFilesLimit(): number {
  const line = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return line?.[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(line?.[1] ?? 1024);
}

function residentMiB(pid: number): number {
  const kib = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib ?? 0) / 1024;
}

/**
 * Holds `count` keep-alive connections to the server from this process: one `runs/get` on each,
 * a hold of `holdSeconds` during which `/healthz` is timed over one more connection, a second
 * `runs/get` on every held connection at once, then closes them all.
 */
export async function measureConnections(
  server: ServerProcess,
  runId: string,
  count: number,
  holdSeconds: number,
  report: Report,
): Promise<void> {
  const limit = openFilesLimit();
  if (limit < count + 1000) {
    report(
      `${fmt(count)} connections: NOT MEASURED, the open-files limit is ${limit} ` +
        '(run through `npm run bench:http`, which raises it, or `ulimit -n` first)',
    );
    return;
  }
  const url = new URL(server.url);
  const healthz: number[] = [];
  let healthzErrors = 0;
  let rss = 0;
  const result = await holdConnections({
    host: url.hostname,
    port: Number(url.port),
    count,
    path: `/api/2.0/mlflow/runs/get?run_id=${runId}`,
    openConcurrency: 256,
    holdMs: holdSeconds * 1000,
    async whileHeld() {
      rss = residentMiB(server.pid);
      const probe = new Client(server.url);
      for (let i = 0; i < 100; i++) {
        const t0 = performance.now();
        const answer = await probe.request({ method: 'GET', path: '/healthz' });
        await answer.body.text();
        healthz.push(performance.now() - t0);
        if (answer.statusCode !== 200) healthzErrors++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await probe.close();
    },
  });
  const h = latencySummary(healthz);
  const ok =
    result.errors === 0 &&
    result.firstAnswered === count &&
    result.closedDuringHold === 0 &&
    result.secondAnswered === count &&
    healthzErrors === 0;
  report(
    `${fmt(count)} keep-alive connections from another process: ${fmt(result.firstAnswered)} opened and answered ` +
      `runs/get in ${(result.openMs / 1000).toFixed(1)} s, ${result.closedDuringHold} closed during a ` +
      `${holdSeconds} s hold, ${fmt(result.secondAnswered)} answered a second runs/get sent on all at once ` +
      `(in ${(result.secondMs / 1000).toFixed(1)} s), ${result.errors} errors` +
      `${result.firstError ? ` (first: ${result.firstError})` : ''}; /healthz while held: p50 ${ms(h.p50)} ms, ` +
      `p99 ${ms(h.p99)} ms, max ${ms(h.max)} ms, ${healthzErrors} errors; server RSS ${fmt(rss)} MiB ` +
      `[target: held without errors: ${verdict(ok)}]`,
  );
}
