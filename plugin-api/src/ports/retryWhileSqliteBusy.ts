import { setTimeout as sleep } from 'node:timers/promises';
import type { WriteLockRequests } from './WriteLockRequests.js';

/** Options of {@link retryWhileSqliteBusy}. */
export interface SqliteBusyRetry {
  /** How long to keep trying, in milliseconds (a Database's busy timeout, 10 s for store-sql). */
  readonly timeoutMs: number;
  /** Counts this caller while it waits, so writer threads of the process let it in. */
  readonly lockRequests?: WriteLockRequests | undefined;
}

/**
 * Runs `attempt`, which needs an SQLite database's write lock and fails with SQLITE_BUSY at once
 * when another connection holds it (it runs with no busy timeout), again every millisecond until
 * it succeeds or `timeoutMs` has passed, without blocking the event loop: better-sqlite3 would
 * wait in SQLite's busy handler, which sleeps the whole thread (and never gets the lock when its
 * holder is a transaction of this same thread awaiting something). From its first failure until
 * it ends, the caller is counted in `lockRequests`.
 * @throws the last SQLITE_BUSY error once `timeoutMs` has passed; any other error at once.
 */
export async function retryWhileSqliteBusy<T>(
  attempt: () => T | Promise<T>,
  options: SqliteBusyRetry,
): Promise<T> {
  const giveUpAt = performance.now() + options.timeoutMs;
  let asked = false;
  try {
    for (;;) {
      try {
        return await attempt();
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || performance.now() >= giveUpAt) throw err;
      }
      if (!asked) options.lockRequests?.ask();
      asked = true;
      await sleep(1);
    }
  } finally {
    if (asked) options.lockRequests?.withdraw();
  }
}
