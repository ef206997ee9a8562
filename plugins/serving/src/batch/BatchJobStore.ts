import { type BatchInputFormat, type BatchJob, type BatchJobStatus, NotFoundError } from '@mlops/plugin-api';
import type { Knex } from 'knex';

interface BatchJobRow {
  id: string;
  deployment: string;
  input_key: string;
  input_sha256: string;
  format: BatchInputFormat;
  output_key: string;
  model: string;
  version: number;
  chunk_rows: number;
  rows_per_request: number;
  status: BatchJobStatus;
  status_message: string | null;
  chunks_done: number;
  rows_done: number | string;
  rows_total: number | string | null;
  created_by: string;
  created_at: number | string;
  updated_at: number | string;
  finished_at: number | string | null;
}

/** A job as recorded, with its checkpoint. */
export interface RecordedBatchJob extends BatchJob {
  /** Chunks whose output parts are written; the job goes on at this chunk. */
  readonly chunksDone: number;
}

function toJob(row: BatchJobRow): RecordedBatchJob {
  return {
    id: row.id,
    deployment: row.deployment,
    inputKey: row.input_key,
    inputSha256: row.input_sha256,
    format: row.format,
    outputKey: row.output_key,
    model: row.model,
    version: Number(row.version),
    chunkRows: Number(row.chunk_rows),
    rowsPerRequest: Number(row.rows_per_request),
    status: row.status,
    ...(row.status_message === null ? {} : { statusMessage: row.status_message }),
    chunksDone: Number(row.chunks_done),
    rowsDone: Number(row.rows_done),
    ...(row.rows_total === null ? {} : { rowsTotal: Number(row.rows_total) }),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.finished_at === null ? {} : { finishedAt: Number(row.finished_at) }),
  };
}

const table = 'serving_batch_jobs';

/** Batch jobs and their checkpoints, in the Database port. */
export class BatchJobStore {
  constructor(private readonly db: Knex) {}

  async create(job: RecordedBatchJob): Promise<RecordedBatchJob> {
    await this.db(table).insert({
      id: job.id,
      deployment: job.deployment,
      input_key: job.inputKey,
      input_sha256: job.inputSha256,
      format: job.format,
      output_key: job.outputKey,
      model: job.model,
      version: job.version,
      chunk_rows: job.chunkRows,
      rows_per_request: job.rowsPerRequest,
      status: job.status,
      status_message: null,
      chunks_done: 0,
      rows_done: 0,
      rows_total: null,
      created_by: job.createdBy,
      created_at: job.createdAt,
      updated_at: job.updatedAt,
      finished_at: null,
    });
    return job;
  }

  /** @throws NotFoundError naming the job and deployment. */
  async get(deployment: string, id: string): Promise<RecordedBatchJob> {
    const row = (await this.db(table).where({ id, deployment }).first()) as BatchJobRow | undefined;
    if (row === undefined) {
      throw new NotFoundError(`deployment "${deployment}" has no batch job "${id}"`, { field: 'id' });
    }
    return toJob(row);
  }

  /** The deployment's jobs, newest first. */
  async list(deployment: string): Promise<RecordedBatchJob[]> {
    const rows = (await this.db(table)
      .where({ deployment })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])) as BatchJobRow[];
    return rows.map(toJob);
  }

  /** Jobs left running, by any server: those of a server that stopped or crashed resume. */
  async running(): Promise<RecordedBatchJob[]> {
    const rows = (await this.db(table).where({ status: 'running' }).orderBy('created_at')) as BatchJobRow[];
    return rows.map(toJob);
  }

  async setTotal(id: string, rowsTotal: number): Promise<void> {
    await this.db(table).where({ id }).update({ rows_total: rowsTotal, updated_at: Date.now() });
  }

  /**
   * Records that chunk `chunksDone - 1` is written. Only moves forward from `previous`, so two
   * runners of one job (two servers resuming it) cannot both advance it: false for the loser.
   */
  async checkpoint(id: string, previous: number, chunksDone: number, rowsDone: number): Promise<boolean> {
    const updated = await this.db(table)
      .where({ id, chunks_done: previous, status: 'running' })
      .update({ chunks_done: chunksDone, rows_done: rowsDone, updated_at: Date.now() });
    return updated === 1;
  }

  async finish(id: string, status: 'succeeded' | 'failed', message?: string): Promise<void> {
    const now = Date.now();
    await this.db(table)
      .where({ id })
      .update({ status, status_message: message ?? null, updated_at: now, finished_at: now });
  }

  /** Marks a failed job running again; false when it was not failed (someone resumed it first). */
  async reopen(id: string): Promise<boolean> {
    const updated = await this.db(table)
      .where({ id, status: 'failed' })
      .update({ status: 'running', status_message: null, updated_at: Date.now(), finished_at: null });
    return updated === 1;
  }
}
