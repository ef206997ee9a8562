// Runs in a worker thread: writes metric batches on its own connection to the SQLite file, each
// in one transaction, so that inserting and committing them happens off the thread that parses
// and answers requests. Messages are handled one at a time, in the order they were posted.
import { parentPort, workerData } from 'node:worker_threads';
import { WriteLockRequests } from '@mlops/plugin-api';
import Database from 'better-sqlite3';
import { logBatchOnSqlite } from '../operations/logBatchOnSqlite.js';
import { inSqliteTransaction } from '../sqliteTransaction.js';
import { applySqliteSettings, type SqliteSettings } from './sqliteSettings.js';
import { toThreadError } from './threadErrors.js';
import type { WriteReply, WriteRequest } from './writerMessages.js';

const { settings, lockRequests } = workerData as {
  settings: SqliteSettings;
  lockRequests: SharedArrayBuffer;
};
const requests = new WriteLockRequests(lockRequests);
const db = new Database(settings.filename, { fileMustExist: true });
applySqliteSettings(db, settings);
const port = parentPort!;

port.on('message', (message: WriteRequest | 'stop') => {
  if (message === 'stop') {
    db.close();
    port.close();
    return;
  }
  let reply: WriteReply;
  requests.waitWhileAsked();
  try {
    const experimentId = inSqliteTransaction(db, (prepare) =>
      logBatchOnSqlite(prepare, message.runId, message.batch),
    );
    reply = { id: message.id, experimentId };
  } catch (err) {
    reply = { id: message.id, error: toThreadError(err) };
  }
  port.postMessage(reply);
});
