import { Worker } from 'node:worker_threads';
import { UnavailableError, WriteLockRequests } from '@mlops/plugin-api';
import type { Knex } from 'knex';
import { batchBuffers } from '../batchPoints.js';
import type { SqliteBatch } from '../operations/logBatchOnSqlite.js';
import { shareWriteLock } from '../sqliteTransaction.js';
import { type PragmaConnection, readSqliteSettings, type SqliteSettings } from './sqliteSettings.js';
import { fromThreadError } from './threadErrors.js';
import type { WriteReply, WriteRequest } from './writerMessages.js';

interface Pending {
  resolve(experimentId: string): void;
  reject(err: Error): void;
}

/**
 * A worker thread with its own connection to the SQLite file that writes metric batches, one
 * transaction each, in the order given: the request thread only parses and validates them, and
 * goes on with the next request while the previous one is inserted and committed. The two
 * connections share the file's write lock as two processes would (WAL), except that the writer
 * starts no transaction while a transaction of the request thread waits for the lock
 * ({@link WriteLockRequests}: tracking's own, and knex's through the Database's).
 * Started on the first batch; a database no second connection can open (`:memory:`) gets none,
 * and the caller writes on its own connection.
 */
export class SqliteWriterThread {
  private worker: Worker | undefined;
  private opening: Promise<Worker | undefined> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  /**
   * @param lockRequests the Database's `writeLockRequests`, which its own transactions ask while
   * they wait for the lock (a new one, known to tracking's alone, when the provider has none).
   */
  constructor(
    private readonly db: Knex,
    private readonly lockRequests: WriteLockRequests = new WriteLockRequests(),
  ) {}

  /** True once the thread runs (or is starting); false for a database it cannot share or after `close`. */
  async available(): Promise<boolean> {
    if (this.closed) return false;
    this.opening ??= this.open();
    return (await this.opening) !== undefined;
  }

  /**
   * Writes `batch` to run `runId` in one transaction on the thread; resolves to the run's
   * experiment id once committed. The points' buffers move to the thread: `batch.points` is
   * empty afterwards.
   * @throws the operation's errors (NotFoundError, FailedPreconditionError, InvalidArgumentError)
   * as the thread threw them; UnavailableError when the thread stopped or was closed.
   */
  async write(runId: string, batch: SqliteBatch): Promise<string> {
    const worker = this.worker;
    if (worker === undefined || this.closed)
      throw new UnavailableError('the SQLite writer thread is not running');
    const id = this.nextId++;
    const request: WriteRequest = { id, runId, batch };
    const reply = new Promise<string>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.pending.size === 1) worker.ref();
    worker.postMessage(request, batch.points === undefined ? [] : batchBuffers(batch.points));
    return reply;
  }

  /** Lets the batches already given finish, then ends the thread. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = await this.opening;
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage('stop');
    await exited;
  }

  private async open(): Promise<Worker | undefined> {
    const settings = await this.settings();
    if (settings === undefined || this.closed) return undefined;
    const worker = new Worker(new URL('./sqliteWriterWorker.js', import.meta.url), {
      workerData: { settings, lockRequests: this.lockRequests.buffer },
    });
    shareWriteLock(this.db, this.lockRequests);
    worker.on('message', (reply: WriteReply) => this.settle(reply));
    worker.on('error', (err) => this.fail(err.message));
    worker.on('exit', (code) => this.fail(`exited with code ${code}`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private async settings(): Promise<SqliteSettings | undefined> {
    const client = this.db.client as Knex.Client;
    const connection = (await client.acquireConnection()) as Partial<PragmaConnection>;
    try {
      return typeof connection.pragma === 'function'
        ? readSqliteSettings(connection as PragmaConnection)
        : undefined;
    } finally {
      await client.releaseConnection(connection);
    }
  }

  private settle(reply: WriteReply): void {
    const pending = this.pending.get(reply.id);
    if (pending === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.error === undefined) pending.resolve(reply.experimentId);
    else pending.reject(fromThreadError(reply.error));
  }

  /** The thread is gone: what it had not answered fails (its transactions were not committed). */
  private fail(reason: string): void {
    this.worker = undefined;
    this.closed = true;
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(
        new UnavailableError(
          `the SQLite writer thread stopped (${reason}) before answering; send the batch again (a retried batch stores nothing twice)`,
        ),
      );
    }
  }
}
