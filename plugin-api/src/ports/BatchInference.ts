import type { CallContext } from '../CallContext.js';
import { createToken } from '../Token.js';

/** File formats a batch job reads. */
export type BatchInputFormat = 'csv' | 'jsonl' | 'parquet';

/** Input of {@link BatchInference.startBatchJob}. */
export interface NewBatchJob {
  /** The BlobStore key of the input file: a CSV with a header row, JSON Lines, or Parquet. */
  readonly inputKey: string;
  /** The input's format; from the key's extension (`.csv`, `.jsonl`/`.ndjson`, `.parquet`) when absent. */
  readonly format?: BatchInputFormat;
  /** Where the predictions go; `<inputKey>.predictions.jsonl` when absent. */
  readonly outputKey?: string;
  /** Rows per checkpoint (default 1000): a resumed job starts again at the first unfinished chunk. */
  readonly chunkRows?: number;
  /**
   * Rows per prediction request (default 1): requests go through the deployment's queue, where its
   * batch policy stacks them into model calls as it does online traffic.
   */
  readonly rowsPerRequest?: number;
}

/** Where a batch job stands. `running` jobs of a server that stopped resume when it starts again. */
export type BatchJobStatus = 'running' | 'succeeded' | 'failed';

/** A batch inference job: a file of rows predicted by a deployment's live model, with its progress. */
export interface BatchJob {
  readonly id: string;
  readonly deployment: string;
  readonly inputKey: string;
  /** Hex sha256 of the input when the job started; a resume refuses an input that changed. */
  readonly inputSha256: string;
  readonly format: BatchInputFormat;
  readonly outputKey: string;
  /** The model version that predicts every row; the job fails rather than mix versions. */
  readonly model: string;
  readonly version: number;
  readonly chunkRows: number;
  readonly rowsPerRequest: number;
  readonly status: BatchJobStatus;
  /** Why it failed. */
  readonly statusMessage?: string;
  /** Rows predicted and committed so far. */
  readonly rowsDone: number;
  /** Rows in the input; absent until they are counted. */
  readonly rowsTotal?: number;
  readonly createdBy: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly finishedAt?: number;
}

/**
 * Batch inference: a job reads a CSV, JSON Lines or Parquet file from the BlobStore, predicts its
 * rows in chunks through a deployment's live model, and writes one JSON line per row
 * (`{"row": <index>, "<output>": <value>, ...}`) next to it. Each chunk is committed with a
 * checkpoint, so a job cut short (a crash, a stop) resumes where it was and writes the same output.
 *
 * Errors, for every method: InvalidArgumentError naming the field; NotFoundError for an unknown
 * deployment, job or input; FailedPreconditionError when the deployment is not ready, or a job
 * cannot be resumed.
 * @example
 * const jobs = kernel.get(BatchInference);
 * const job = await jobs.startBatchJob('churn', { inputKey: 'scoring/2026-11-25.csv' }, call);
 * // later: (await jobs.getBatchJob('churn', job.id, call)).rowsDone
 */
export interface BatchInference {
  /** Checks the input and the deployment, records the job and starts it in the background. */
  startBatchJob(deployment: string, input: NewBatchJob, call: CallContext): Promise<BatchJob>;
  /** @throws NotFoundError when the deployment has no such job. */
  getBatchJob(deployment: string, id: string, call: CallContext): Promise<BatchJob>;
  /** The deployment's jobs, newest first. */
  listBatchJobs(deployment: string, call: CallContext): Promise<BatchJob[]>;
  /**
   * Runs a failed job again from its last checkpoint.
   * @throws FailedPreconditionError unless the job failed.
   */
  resumeBatchJob(deployment: string, id: string, call: CallContext): Promise<BatchJob>;
}

/** Batch inference jobs over BlobStore files (plugins/serving). */
export const BatchInference = createToken<BatchInference>({
  id: 'serving.batchInference',
  description: 'batch inference jobs over BlobStore files, resumable',
});
