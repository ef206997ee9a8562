import { createHash } from 'node:crypto';
import type {
  BlobStore,
  DeploymentRevision,
  Hooks,
  InferenceRequest,
  InferenceResponse,
  InferenceTensor,
  Logger,
} from '@mlops/plugin-api';
import { PredictionLogged } from '@mlops/plugin-api';
import type { PredictionLogOptions } from './options.js';

/** One logged prediction, a line of a JSON Lines blob. */
export interface PredictionRecord {
  readonly id: string;
  readonly deployment: string;
  readonly model: string;
  readonly version: number;
  /** Epoch ms of the answer. */
  readonly timestamp: number;
  readonly latencyMs: number;
  readonly principal: string;
  readonly inputs: readonly unknown[];
  readonly outputs: readonly unknown[];
}

interface Buffer {
  readonly revision: DeploymentRevision;
  records: PredictionRecord[];
}

/**
 * Writes sampled requests and answers to the BlobStore as JSON Lines, one blob per batch of a
 * deployment's model version, then emits `prediction.logged` with the blob's key. Redacted
 * tensors keep their name, datatype and shape, never their values.
 */
export class PredictionLogger {
  private readonly buffers = new Map<string, Buffer>();
  private readonly writes = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;

  constructor(
    private readonly blobs: BlobStore,
    private readonly hooks: Hooks,
    private readonly logger: Logger,
    private readonly options: PredictionLogOptions,
  ) {}

  /** Starts the periodic flush. */
  start(): void {
    this.timer = setInterval(() => this.flushAll(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Writes what is buffered and waits for every write. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.flushAll();
    await Promise.allSettled([...this.writes]);
  }

  /** True when the request id falls in the sample (a hash of the id against `sampleRate`). */
  sampled(id: string): boolean {
    if (this.options.sampleRate >= 1) return true;
    const bucket = createHash('sha256').update(id).digest().readUInt32BE(0) / 2 ** 32;
    return bucket < this.options.sampleRate;
  }

  /** Buffers one prediction when it is sampled; writes the buffer when it is full. */
  record(
    revision: DeploymentRevision,
    request: InferenceRequest,
    response: InferenceResponse,
    latencyMs: number,
    principal: string,
  ): void {
    const id = response.id ?? request.id ?? '';
    if (!this.sampled(id)) return;
    const key = `${revision.deployment}\u0000${revision.version}`;
    const buffer = this.buffers.get(key) ?? { revision, records: [] };
    this.buffers.set(key, buffer);
    buffer.records.push({
      id,
      deployment: revision.deployment,
      model: revision.model,
      version: revision.version,
      timestamp: Date.now(),
      latencyMs: Math.round(latencyMs * 1000) / 1000,
      principal,
      inputs: request.inputs.map((t) => this.redacted(t)),
      outputs: response.outputs.map((t) => this.redacted(t)),
    });
    if (buffer.records.length >= this.options.batchSize) this.flush(key);
  }

  private redacted(tensor: InferenceTensor): unknown {
    const { name, datatype, shape, data } = tensor;
    return this.options.redact.includes(name)
      ? { name, datatype, shape, data: [], redacted: true }
      : { name, datatype, shape, data };
  }

  private flushAll(): void {
    for (const key of [...this.buffers.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const buffer = this.buffers.get(key);
    this.buffers.delete(key);
    if (buffer === undefined || buffer.records.length === 0) return;
    const { revision, records } = buffer;
    const now = new Date();
    const blobKey = `${this.options.prefix}/${revision.deployment}/${now.toISOString().slice(0, 10)}/${now.getTime()}-${++this.sequence}.jsonl`;
    const body = `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
    const write = this.blobs
      .put(blobKey, body, { contentType: 'application/x-ndjson' })
      .then(() => {
        this.hooks.emit(PredictionLogged, {
          deployment: revision.deployment,
          model: { model: revision.model, version: revision.version },
          blobKey,
          count: records.length,
        });
      })
      .catch((err: unknown) => {
        this.logger.error(
          { deployment: revision.deployment, blobKey, count: records.length, err: (err as Error).message },
          `could not write ${records.length} logged predictions of ${revision.deployment}: ${(err as Error).message}`,
        );
      });
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }
}
