// Runs in a worker thread: checkpoints an SQLite WAL file on its own connection, so that copying
// the log back into the database (and the fsync that goes with it) happens off the thread that
// commits. PASSIVE checkpoints never wait for, nor block, writers or readers.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { filename, intervalMs } = workerData as { filename: string; intervalMs: number };
const db = new Database(filename);
db.pragma('busy_timeout = 1000');

const checkpoint = (mode: 'PASSIVE' | 'TRUNCATE') => {
  try {
    db.pragma(`wal_checkpoint(${mode})`);
  } catch (err) {
    parentPort?.postMessage({ error: (err as Error).message });
  }
};

const timer = setInterval(() => checkpoint('PASSIVE'), intervalMs);
parentPort?.on('message', (message: unknown) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort?.postMessage({ stopped: true });
});
