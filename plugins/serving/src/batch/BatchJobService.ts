import { randomUUID } from 'node:crypto';
import {
  type BatchInference,
  type BatchInputFormat,
  type BatchJob,
  type BlobStore,
  type CallContext,
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  isMlopsError,
  type Logger,
  type NewBatchJob,
  NotFoundError,
  type Serving,
} from '@mlops/plugin-api';
import { BatchJobRunner } from './BatchJobRunner.js';
import type { BatchJobStore, RecordedBatchJob } from './BatchJobStore.js';

/** What the service needs from the plugin. */
export interface BatchJobServiceDeps {
  readonly serving: Serving;
  /** Without a BlobStore plugin, no job can start (FailedPrecondition). */
  readonly blobs: BlobStore | undefined;
  readonly store: BatchJobStore;
  readonly logger: Logger;
  /** Prediction requests a job keeps outstanding in its deployment's queue. */
  readonly inFlight: number;
}

const formatByExtension: Record<string, BatchInputFormat> = {
  csv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
};
const formats: readonly BatchInputFormat[] = ['csv', 'jsonl', 'parquet'];

function checkCount(value: unknown, field: string, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(
      `${field} must be an integer from 1 to ${max}, not ${JSON.stringify(value)}`,
      {
        field,
      },
    );
  }
  return value;
}

function checkInput(input: NewBatchJob): Required<NewBatchJob> {
  if (typeof input?.inputKey !== 'string' || input.inputKey === '') {
    throw new InvalidArgumentError('inputKey must be the key of a blob', { field: 'inputKey' });
  }
  const extension = /\.([a-z]+)$/i.exec(input.inputKey)?.[1]?.toLowerCase() ?? '';
  const format = input.format ?? formatByExtension[extension];
  if (format === undefined || !formats.includes(format)) {
    throw new InvalidArgumentError(
      input.format === undefined
        ? `format is needed: the extension of "${input.inputKey}" is not .csv, .jsonl, .ndjson or .parquet`
        : `format must be one of ${formats.join(', ')}, not ${JSON.stringify(input.format)}`,
      { field: 'format' },
    );
  }
  const outputKey = input.outputKey ?? `${input.inputKey}.predictions.jsonl`;
  if (typeof outputKey !== 'string' || outputKey === '' || outputKey === input.inputKey) {
    throw new InvalidArgumentError('outputKey must be the key of a blob other than the input', {
      field: 'outputKey',
    });
  }
  return {
    inputKey: input.inputKey,
    format,
    outputKey,
    chunkRows: checkCount(input.chunkRows, 'chunkRows', 1_000_000, 1000),
    rowsPerRequest: checkCount(input.rowsPerRequest, 'rowsPerRequest', 4096, 1),
  };
}

/** The job as callers see it, without the checkpoint's internals. */
function published(job: RecordedBatchJob): BatchJob {
  const { chunksDone: _, ...rest } = job;
  return rest;
}

/**
 * The `BatchInference` port: jobs recorded in the Database, run in this process in the background.
 * Jobs left `running` by a stop or a crash resume from their checkpoint at the next start.
 */
export class BatchJobService implements BatchInference {
  private readonly runner: BatchJobRunner | undefined;
  private readonly active = new Map<string, { done: Promise<void>; abort: AbortController }>();
  private stopped = false;

  constructor(private readonly deps: BatchJobServiceDeps) {
    this.runner = deps.blobs === undefined ? undefined : new BatchJobRunner({ ...deps, blobs: deps.blobs });
  }

  async startBatchJob(deployment: string, input: NewBatchJob, call: CallContext): Promise<BatchJob> {
    const blobs = this.blobs();
    const checked = checkInput(input);
    const served = await this.deps.serving.metadata(deployment, call);
    if (!served.ready) {
      throw new FailedPreconditionError(`deployment "${deployment}" is not ready: its model is not loaded`, {
        field: 'deployment',
      });
    }
    const info = await blobs.head(checked.inputKey).catch((err: unknown) => {
      if (!isMlopsError(err, 'NotFound')) throw err;
      throw new NotFoundError(`input "${checked.inputKey}" is not in the BlobStore`, { field: 'inputKey' });
    });
    const now = Date.now();
    const job = await this.deps.store.create({
      id: randomUUID(),
      deployment,
      ...checked,
      inputSha256: info.sha256,
      model: served.model,
      version: served.version,
      status: 'running',
      chunksDone: 0,
      rowsDone: 0,
      createdBy: call.principal.id,
      createdAt: now,
      updatedAt: now,
    });
    this.launch(job);
    return published(job);
  }

  async getBatchJob(deployment: string, id: string, _call: CallContext): Promise<BatchJob> {
    return published(await this.deps.store.get(deployment, id));
  }

  async listBatchJobs(deployment: string, call: CallContext): Promise<BatchJob[]> {
    await this.deps.serving.getDeployment(deployment, call);
    return (await this.deps.store.list(deployment)).map(published);
  }

  async resumeBatchJob(deployment: string, id: string, _call: CallContext): Promise<BatchJob> {
    const job = await this.deps.store.get(deployment, id);
    if (job.status !== 'failed') {
      throw new FailedPreconditionError(
        `batch job "${id}" is ${job.status}; only a failed job can be resumed`,
        {
          field: 'id',
        },
      );
    }
    if (!(await this.deps.store.reopen(id))) {
      throw new ConflictError(`batch job "${id}" was resumed by another call`, { field: 'id' });
    }
    const reopened = await this.deps.store.get(deployment, id);
    this.launch(reopened);
    return published(reopened);
  }

  /** Resumes the jobs left running (by a stop or a crash) from their checkpoints. */
  async start(): Promise<void> {
    this.stopped = false;
    for (const job of await this.deps.store.running()) this.launch(job);
  }

  /** Stops every job after its current chunk; they stay `running` and resume at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { abort } of this.active.values()) abort.abort();
    await Promise.all([...this.active.values()].map((a) => a.done));
  }

  private blobs(): BlobStore {
    if (this.deps.blobs === undefined) {
      throw new FailedPreconditionError(
        'batch jobs need a BlobStore plugin (storage-fs or storage-s3), and none is configured',
        { field: 'inputKey' },
      );
    }
    return this.deps.blobs;
  }

  private launch(job: RecordedBatchJob): void {
    const runner = this.runner;
    if (runner === undefined || this.stopped || this.active.has(job.id)) return;
    const abort = new AbortController();
    const done = runner
      .run(job, abort.signal)
      .catch((err: unknown) => {
        this.deps.logger.error(
          { job: job.id, err: (err as Error).message },
          `batch job ${job.id} stopped unrecorded`,
        );
      })
      .finally(() => this.active.delete(job.id));
    this.active.set(job.id, { done, abort });
  }
}
