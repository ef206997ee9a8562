import type { SqliteBatch } from '../operations/logBatchOnSqlite.js';
import type { ThreadError } from './threadErrors.js';

/** A batch for the writer thread. */
export interface WriteRequest {
  readonly id: number;
  readonly runId: string;
  readonly batch: SqliteBatch;
}

/** The writer thread's answer: the run's experiment id once committed, or why nothing was. */
export type WriteReply =
  | { readonly id: number; readonly experimentId: string; readonly error?: undefined }
  | { readonly id: number; readonly error: ThreadError };
