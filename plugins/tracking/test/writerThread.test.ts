import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  type Metric,
  NotFoundError,
  UnavailableError,
  WriteLockRequests,
} from '@mlops/plugin-api';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { collectBatchPoints } from '../src/batchPoints.js';
import { SqliteWriterThread } from '../src/sqliteWriter/SqliteWriterThread.js';
import { WriteTurns } from '../src/writeTurns.js';
import { countRows, rejection, runIntOf, StoreTarget, type TrackingHarness } from './startTracking.js';

const t0 = 1_700_000_000_000;

/** `n` points of keys k0..k9, steps `from` onwards. */
function metrics(n: number, from = 0): Metric[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `k${i % 10}`,
    value: Math.sin(i),
    step: from + Math.floor(i / 10),
    timestamp: t0 + i,
  }));
}

describe('the SQLite writer thread', function () {
  this.timeout(30_000);
  const target = new StoreTarget('sqlite');
  let h: TrackingHarness;
  let thread: SqliteWriterThread;
  let experimentId: string;
  const newRun = async () => (await h.tracking.createRun({ experimentId }, h.call)).info.runId;
  const batchOf = async (points: Metric[], rest: Partial<{ params: []; tags: [] }> = {}) => {
    const keys = await h.db('tracking_metric_keys').select('key_id', 'key');
    const ids = new Map((keys as { key_id: number; key: string }[]).map((k) => [k.key, Number(k.key_id)]));
    return { points: collectBatchPoints(points, ids), params: [], tags: [], ...rest };
  };

  before(async () => {
    await target.prepare();
    h = await target.start();
    experimentId = (await h.tracking.createExperiment({ name: 'threads' }, h.call)).experimentId;
    // Interns k0..k9, so that batches can be handed to the thread directly.
    await h.tracking.logBatch(await newRun(), { metrics: metrics(10) }, h.call);
    thread = new SqliteWriterThread(h.db);
  });
  after(async () => {
    await thread.close();
    await target.cleanup();
  });

  it('writes a batch in one transaction on its own connection and answers with the experiment id', async () => {
    expect(await thread.available()).to.equal(true);
    const runId = await newRun();
    expect(await thread.write(runId, await batchOf(metrics(1000)))).to.equal(experimentId);
    // Committed before the answer: this thread's connection sees every point.
    expect(await countRows(h.db, 'tracking_metrics', { run_int: await runIntOf(h.db, runId) })).to.equal(
      1000,
    );
    const history = await h.tracking.getMetricHistory({ runId, key: 'k3', maxResults: 1 }, h.call);
    expect(history.totalPoints).to.equal(100);
  });

  it('keeps the order batches were given in, and shares the lock with the request thread', async () => {
    const runs = await Promise.all(Array.from({ length: 4 }, () => newRun()));
    const writes = runs.flatMap((runId) =>
      [0, 100, 200].map(async (from) => thread.write(runId, await batchOf(metrics(1000, from)))),
    );
    // Written meanwhile on the request thread's connection, which waits for the thread's commits.
    const created = await Promise.all(Array.from({ length: 20 }, () => newRun()));
    await Promise.all(writes);
    for (const runId of runs) {
      const run = await h.tracking.getRun(runId, h.call);
      expect(run.data.metrics.find((m) => m.key === 'k0')?.step).to.equal(299);
      expect(await countRows(h.db, 'tracking_metrics', { run_int: await runIntOf(h.db, runId) })).to.equal(
        3000,
      );
    }
    expect(new Set(created).size).to.equal(20);
  });

  it("rethrows the operation's errors with their class, message and field, storing nothing", async () => {
    const unknown = await rejection(thread.write('f'.repeat(32), await batchOf(metrics(100))));
    expect(unknown).to.be.instanceOf(NotFoundError);
    expect(unknown.message).to.equal(`Run with id=${'f'.repeat(32)} not found`);
    expect(unknown.details).to.deep.equal({ field: 'runId' });

    const deletedRun = await newRun();
    await h.tracking.deleteRun(deletedRun, h.call);
    const deleted = await rejection(thread.write(deletedRun, await batchOf(metrics(100))));
    expect(deleted).to.be.instanceOf(FailedPreconditionError);
    expect(deleted.message).to.equal(
      `The run ${deletedRun} must be in the 'active' state. Current state is deleted.`,
    );

    const runId = await newRun();
    await h.tracking.logBatch(runId, { params: [{ key: 'lr', value: '0.1' }] }, h.call);
    const batch = { ...(await batchOf(metrics(500))), params: [{ key: 'lr', value: '0.2' }] };
    const conflict = await rejection(thread.write(runId, batch));
    expect(conflict).to.be.instanceOf(InvalidArgumentError);
    expect(conflict.message).to.match(/lr/);
    expect(await countRows(h.db, 'tracking_metrics', { run_int: await runIntOf(h.db, runId) })).to.equal(0);
  });

  it("logBatch's large batches (the plugin's own thread) keep their errors' classes and store tags", async () => {
    const runId = await newRun();
    await h.tracking.deleteRun(runId, h.call);
    const err = await rejection(h.tracking.logBatch(runId, { metrics: metrics(1000) }, h.call));
    expect(err).to.be.instanceOf(FailedPreconditionError);
    const live = await newRun();
    await h.tracking.logBatch(live, { metrics: metrics(999), tags: [{ key: 't', value: 'v' }] }, h.call);
    const run = await h.tracking.getRun(live, h.call);
    expect(run.data.tags.find((t) => t.key === 't')?.value).to.equal('v');
    expect(await countRows(h.db, 'tracking_metrics', { run_int: await runIntOf(h.db, live) })).to.equal(999);
  });

  it('starts no transaction while a transaction of the request thread waits for the lock', async () => {
    const requests = new WriteLockRequests();
    const yielding = new SqliteWriterThread(h.db, requests);
    try {
      expect(await yielding.available()).to.equal(true);
      const runId = await newRun();
      const stored = async () =>
        countRows(h.db, 'tracking_metrics', { run_int: await runIntOf(h.db, runId) });
      requests.ask();
      let answered = false;
      const written = yielding.write(runId, await batchOf(metrics(100))).then(() => {
        answered = true;
      });
      await sleep(100);
      expect(answered).to.equal(false);
      expect(await stored()).to.equal(0);
      requests.withdraw();
      await written;
      expect(await stored()).to.equal(100);
    } finally {
      await yielding.close();
    }
  });

  it('waits for a write lock held elsewhere without blocking the event loop', async () => {
    const other = new Database(h.store.url.slice('sqlite:'.length));
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const created = h.tracking.createRun({ experimentId }, h.call);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // better-sqlite3's own wait would have held this thread until the lock came free, or failed
      // with SQLITE_BUSY after the busy timeout: neither the timer nor this test could have run.
      expect(ticks).to.be.greaterThan(5);
      other.exec('COMMIT');
      const { info } = await created;
      expect(await countRows(h.db, 'tracking_runs', { run_id: info.runId })).to.equal(1);
    } finally {
      clearInterval(timer);
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });

  it('is unavailable for a database in memory, and after close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'writer-'));
    const memory = await new StoreTarget('sqlite').start({ store: { url: 'sqlite::memory:' } });
    try {
      const inMemory = new SqliteWriterThread(memory.db);
      expect(await inMemory.available()).to.equal(false);
      // logBatch then writes on the request thread's own connection.
      const { info } = await memory.tracking.createRun({ experimentId: '0' }, memory.call);
      await memory.tracking.logBatch(info.runId, { metrics: metrics(1000) }, memory.call);
      expect(await countRows(memory.db, 'tracking_metrics')).to.equal(1000);
      await inMemory.close();
    } finally {
      await memory.stop();
      await rm(dir, { recursive: true, force: true });
    }
    const closing = new SqliteWriterThread(h.db);
    expect(await closing.available()).to.equal(true);
    await closing.close();
    expect(await closing.available()).to.equal(false);
    const err = await rejection(closing.write(await newRun(), await batchOf(metrics(100))));
    expect(err).to.be.instanceOf(UnavailableError);
  });
});

describe('WriteTurns', () => {
  it('gives the event loop a turn between writes once they ran for a millisecond, in the order asked', async () => {
    const turns = new WriteTurns();
    const log: string[] = [];
    const write = (name: string, ms: number) =>
      turns.take(async () => {
        log.push(name);
        const end = performance.now() + ms;
        while (performance.now() < end);
        // Stands for a socket read: it runs before the next write only if the loop turned.
        setImmediate(() => log.push(`after ${name}`));
      });
    await Promise.all([write('a', 2), write('b', 2), write('c', 0), write('d', 0), write('e', 0)]);
    await new Promise((resolve) => setImmediate(resolve));
    // c, d and e together take well under a millisecond: one turn.
    expect(log).to.deep.equal([
      'a',
      'after a',
      'b',
      'after b',
      'c',
      'd',
      'e',
      'after c',
      'after d',
      'after e',
    ]);
  });

  it('passes the turn on after a write that throws', async () => {
    const turns = new WriteTurns();
    const failed = turns.take(async () => {
      throw new Error('refused');
    });
    const next = turns.take(async () => 'next');
    expect((await rejection(failed)).message).to.equal('refused');
    expect(await next).to.equal('next');
  });
});
