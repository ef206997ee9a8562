import {
  type BlobStore,
  type CallContext,
  FailedPreconditionError,
  type InferenceResponse,
  isMlopsError,
  type Logger,
  type Serving,
  systemCall,
  type TensorSpec,
} from '@mlops/plugin-api';
import type { BatchJobStore, RecordedBatchJob } from './BatchJobStore.js';
import type { BatchRow } from './BatchRowSource.js';
import { openRowSource } from './BatchRowSource.js';
import { rowsToInputs } from './rowsToInputs.js';
import { toPredictionLines } from './toPredictionLines.js';

/** What a runner needs from the plugin. */
export interface BatchJobRunnerDeps {
  readonly serving: Serving;
  readonly blobs: BlobStore;
  readonly store: BatchJobStore;
  readonly logger: Logger;
  /** Prediction requests a job keeps outstanding in its deployment's queue. */
  readonly inFlight: number;
}

/** Tries of a request the deployment refused as unavailable (queue full, model switching). */
const attempts = 8;

/** Where a job's chunk `index` is written before the parts are joined into its output. */
export function partKey(jobId: string, index: number): string {
  return `serving/batch-jobs/${jobId}/part-${String(index).padStart(8, '0')}.jsonl`;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

async function take(rows: AsyncIterator<BatchRow>, n: number): Promise<BatchRow[]> {
  const taken: BatchRow[] = [];
  while (taken.length < n) {
    const next = await rows.next();
    if (next.done === true) break;
    taken.push(next.value);
  }
  return taken;
}

/**
 * Runs one batch job from its checkpoint: each chunk of rows is predicted, written as its own part
 * blob and then checkpointed, so a job cut short anywhere redoes at most one chunk, which writes
 * the same part again. The parts are joined into the output once every chunk is written.
 */
export class BatchJobRunner {
  constructor(private readonly deps: BatchJobRunnerDeps) {}

  /**
   * Runs `job` until it succeeds, fails (recorded with the reason) or `signal` aborts it (it stays
   * `running`, to resume at the next start).
   */
  async run(job: RecordedBatchJob, signal: AbortSignal): Promise<void> {
    const { store, logger } = this.deps;
    try {
      const outcome = await this.work(job, signal);
      if (outcome !== 'done') return;
      await store.finish(job.id, 'succeeded');
      await this.deleteParts(job);
      logger.info({ job: job.id, deployment: job.deployment }, `batch job ${job.id} wrote ${job.outputKey}`);
    } catch (err) {
      if (signal.aborted) return;
      const message = (err as Error).message;
      await store.finish(job.id, 'failed', message);
      logger.warn(
        { job: job.id, deployment: job.deployment, err: message },
        `batch job ${job.id} failed: ${message}`,
      );
    }
  }

  private async work(job: RecordedBatchJob, signal: AbortSignal): Promise<'done' | 'stopped'> {
    const { serving, blobs, store } = this.deps;
    const call = systemCall(`serving:batch-job:${job.id}`);
    const { sha256 } = await blobs.head(job.inputKey);
    if (sha256 !== job.inputSha256) {
      throw new FailedPreconditionError(
        `input "${job.inputKey}" changed since the job started (sha256 ${job.inputSha256} is now ${sha256}): start a new job`,
        { field: 'inputKey' },
      );
    }
    const source = openRowSource(blobs, job.inputKey, job.format);
    const total = job.rowsTotal ?? (await source.count());
    if (job.rowsTotal === undefined) await store.setTotal(job.id, total);
    const served = await serving.metadata(job.deployment, call);
    if (served.version !== job.version) {
      throw new FailedPreconditionError(
        `deployment "${job.deployment}" now serves version ${served.version}, but this job predicts with version ${job.version}: start a new job`,
        { field: 'deployment' },
      );
    }
    const chunks = Math.ceil(total / job.chunkRows);
    const rows = source.rows(job.chunksDone * job.chunkRows)[Symbol.asyncIterator]();
    try {
      for (let chunk = job.chunksDone; chunk < chunks; chunk++) {
        if (signal.aborted) return 'stopped';
        const first = chunk * job.chunkRows;
        const lines = await this.predictChunk(
          job,
          served.inputs,
          await take(rows, job.chunkRows),
          first,
          call,
          signal,
        );
        if (signal.aborted) return 'stopped';
        await blobs.put(partKey(job.id, chunk), lines.join(''), { contentType: 'application/x-ndjson' });
        const done = Math.min(first + job.chunkRows, total);
        // Another server resumed this job too and got ahead: its parts are the same, leave it to it.
        if (!(await store.checkpoint(job.id, chunk, chunk + 1, done))) return 'stopped';
      }
    } finally {
      await rows.return?.();
    }
    await blobs.put(job.outputKey, this.joinParts(job.id, chunks), { contentType: 'application/x-ndjson' });
    return 'done';
  }

  private async predictChunk(
    job: RecordedBatchJob,
    inputs: readonly TensorSpec[],
    rows: readonly BatchRow[],
    first: number,
    call: CallContext,
    signal: AbortSignal,
  ): Promise<string[]> {
    const starts: number[] = [];
    for (let i = 0; i < rows.length; i += job.rowsPerRequest) starts.push(i);
    const lines: string[][] = new Array(starts.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < starts.length && !failed && !signal.aborted) {
        const index = next++;
        const start = starts[index]!;
        const part = rows.slice(start, start + job.rowsPerRequest);
        try {
          const answer = await this.predict(
            job,
            first + start,
            rowsToInputs(part, inputs, first + start),
            call,
            signal,
          );
          lines[index] = toPredictionLines(answer, first + start, part.length);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.inFlight, starts.length) }, worker));
    return lines.flat();
  }

  private async predict(
    job: RecordedBatchJob,
    row: number,
    inputs: ReturnType<typeof rowsToInputs>,
    call: CallContext,
    signal: AbortSignal,
  ): Promise<InferenceResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.serving.predict(job.deployment, { id: `${job.id}/${row}`, inputs }, call, {
          version: job.version,
        });
      } catch (err) {
        if (!isMlopsError(err, 'Unavailable') || attempt >= attempts || signal.aborted) throw err;
        await sleep(Math.min(2000, 25 * 2 ** attempt), signal);
      }
    }
  }

  private async *joinParts(jobId: string, chunks: number): AsyncIterable<Uint8Array> {
    for (let i = 0; i < chunks; i++) {
      for await (const bytes of await this.deps.blobs.get(partKey(jobId, i))) yield bytes as Uint8Array;
    }
  }

  /** Removes the job's part blobs, once its output is written and recorded. */
  private async deleteParts(job: RecordedBatchJob): Promise<void> {
    const prefix = `serving/batch-jobs/${job.id}/`;
    let token: string | undefined;
    do {
      const page = await this.deps.blobs.list({
        prefix,
        ...(token === undefined ? {} : { pageToken: token }),
      });
      for (const item of page.items) await this.deps.blobs.delete(item.key);
      token = page.nextPageToken;
    } while (token !== undefined);
  }
}
