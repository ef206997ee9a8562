import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { batchShape } from './fixtures/batchShape.js';
import { describeOnStores, runIntOf } from './startTracking.js';

const fixture = fileURLToPath(new URL('./fixtures/logBatchesUntilKilled.js', import.meta.url));

/** Resolves with the last acknowledged batch once `count` batches are, after a random pause. */
function killAfter(child: ChildProcess, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let last = -1;
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) last = Number(line);
      if (last + 1 >= count && !child.killed) {
        // Land somewhere inside the next batch's work, not on a boundary.
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 4));
      }
    });
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`the child exited by itself (code ${code}) after batch ${last}`));
    });
  });
}

describeOnStores('a process killed while logging batches', (target) => {
  it('leaves every batch whole or absent, and every acknowledged batch whole, kill after kill', async function () {
    this.timeout(60_000);
    const setup = await target.start({ blobs: false });
    const { info } = await setup.tracking.createRun({ experimentId: '0' }, setup.call);
    await setup.stop();
    let stored = 0;
    for (let kill = 1; kill <= 3; kill++) {
      const args = { ...setup.store, runId: info.runId, from: stored };
      const child = spawn(process.execPath, [fixture, JSON.stringify(args)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const acknowledged = await killAfter(child, stored + 8);
      const after = await target.start({ blobs: false, store: setup.store });
      const batches = await batchesOf(after.db, await runIntOf(after.db, info.runId));
      const indexes = [...batches.keys()].sort((a, b) => a - b);
      expect(indexes.length, `kill ${kill}: batches stored`).to.be.at.least(acknowledged + 1);
      expect(indexes, `kill ${kill}: stored batches are 0..n without a gap`).to.deep.equal(
        indexes.map((_, i) => i),
      );
      for (const i of indexes) expect(batches.get(i), `kill ${kill}: batch ${i}`).to.deep.equal(batchShape);
      const history = await after.tracking.getMetricHistory(
        { runId: info.runId, key: 'm', maxResults: 1 },
        after.call,
      );
      expect(history.totalPoints, `kill ${kill}: the point count kept with the latest value`).to.equal(
        indexes.length * batchShape.points,
      );
      await after.stop();
      stored = indexes.length;
    }
  });
});

/** How many params, tags and points of each batch index the run holds. */
async function batchesOf(
  db: Knex,
  runInt: number,
): Promise<Map<number, { params: number; tags: number; points: number }>> {
  const batches = new Map<number, { params: number; tags: number; points: number }>();
  const entry = (i: number) => {
    const e = batches.get(i) ?? { params: 0, tags: 0, points: 0 };
    batches.set(i, e);
    return e;
  };
  for (const { key } of (await db('tracking_params').where({ run_int: runInt }).select('key')) as {
    key: string;
  }[]) {
    entry(Number(key.split('_')[1])).params++;
  }
  for (const { key } of (await db('tracking_tags').where({ run_int: runInt }).select('key')) as {
    key: string;
  }[]) {
    if (key.startsWith('t_')) entry(Number(key.split('_')[1])).tags++;
  }
  for (const { step } of (await db('tracking_metrics').where({ run_int: runInt }).select('step')) as {
    step: number;
  }[]) {
    entry(Math.floor(Number(step) / batchShape.points)).points++;
  }
  return batches;
}
