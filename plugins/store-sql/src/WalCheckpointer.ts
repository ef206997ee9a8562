import { Worker } from 'node:worker_threads';
import type { Logger } from '@mlops/plugin-api';

/**
 * Checkpoints an SQLite database's write-ahead log from a worker thread every `intervalMs`, in
 * place of SQLite's automatic checkpoints, which run inside the commit that crosses 1,000 log
 * pages: that commit then copies the log into the database and syncs it, on the thread that
 * serves requests. Connections that use it set `wal_autocheckpoint = 0`.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopping?: Promise<void>;

  constructor(filename: string, intervalMs: number, logger: Logger) {
    this.worker = new Worker(new URL('./walCheckpointWorker.js', import.meta.url), {
      workerData: { filename, intervalMs },
    });
    this.worker.on('message', (message: { error?: string }) => {
      if (message.error !== undefined) logger.warn({ err: message.error }, 'WAL checkpoint failed');
    });
    this.worker.on('error', (err) => logger.error({ err }, 'WAL checkpoint worker failed'));
    // The process may exit while the worker sleeps between checkpoints.
    this.worker.unref();
  }

  /** Runs a last, truncating checkpoint and ends the worker. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      const done = () => resolve();
      this.worker.once('exit', done);
      this.worker.on('message', (message: { stopped?: boolean }) => {
        if (message.stopped) void this.worker.terminate().then(done, done);
      });
      // Unref'd while idle; waiting for its last checkpoint must keep the process alive.
      this.worker.ref();
      this.worker.postMessage('stop');
    });
    return this.stopping;
  }
}
