import { InvalidArgumentError } from '@mlops/plugin-api';
import type { MetricLogger } from './MetricLogger.js';
import type { BufferedPoint, MetricLoggerOptions } from './MetricLoggerOptions.js';

/** The most metrics the server takes in one batch request. */
const serverBatchLimit = 1000;

function warn(runId: string): (error: Error, points: readonly BufferedPoint[]) => void {
  return (error, points) =>
    process.emitWarning(`metric logger of run ${runId} dropped ${points.length} points: ${error.message}`, {
      type: 'MetricLoggerWarning',
    });
}

/** Loggers with an exit hook: one `beforeExit` listener serves them all, however many there are. */
const open = new Set<BackgroundMetricLogger>();
function flushOpenLoggers(): void {
  for (const logger of open) if (logger.pending > 0) void logger.flush();
}
function watchExit(logger: BackgroundMetricLogger): void {
  if (open.size === 0) process.on('beforeExit', flushOpenLoggers);
  open.add(logger);
}
function unwatchExit(logger: BackgroundMetricLogger): void {
  if (open.delete(logger) && open.size === 0) process.off('beforeExit', flushOpenLoggers);
}

/**
 * Buffers metric points and sends them in batches, one request at a time so that they arrive in
 * order: when a batch fills, every `flushIntervalMs`, on `flush()`/`close()`, and when the
 * process is about to exit (`beforeExit`; `process.exit()` leaves no time for it).
 */
export class BackgroundMetricLogger implements MetricLogger {
  private buffer: BufferedPoint[] = [];
  private sending: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly maxBatch: number;
  private readonly onError: (error: Error, points: readonly BufferedPoint[]) => void;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly runId: string,
    private readonly send: (points: readonly BufferedPoint[]) => Promise<void>,
    options: MetricLoggerOptions = {},
  ) {
    const maxBatch = options.maxBatch ?? serverBatchLimit;
    if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > serverBatchLimit) {
      throw new InvalidArgumentError(
        `maxBatch must be an integer from 1 to ${serverBatchLimit}, got ${maxBatch}`,
        {
          field: 'maxBatch',
        },
      );
    }
    this.maxBatch = maxBatch;
    this.onError = options.onError ?? warn(runId);
    // Unref'd: the timer alone never keeps a process alive; beforeExit sends what is left.
    this.timer = setInterval(() => {
      if (this.buffer.length > 0) void this.flush();
    }, options.flushIntervalMs ?? 1000).unref();
    watchExit(this);
  }

  get pending(): number {
    return this.buffer.length;
  }

  log(key: string, value: number, step = 0): void {
    if (this.closed) {
      throw new InvalidArgumentError(`the metric logger of run ${this.runId} is closed`, { field: 'key' });
    }
    this.buffer.push({ key, value, timestamp: Date.now(), step });
    if (this.buffer.length >= this.maxBatch) void this.flush();
  }

  flush(): Promise<void> {
    const points = this.buffer;
    this.buffer = [];
    for (let i = 0; i < points.length; i += this.maxBatch) {
      const batch = points.slice(i, i + this.maxBatch);
      this.sending = this.sending.then(() => this.sendBatch(batch));
    }
    return this.sending;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    unwatchExit(this);
    await this.flush();
  }

  private async sendBatch(batch: readonly BufferedPoint[]): Promise<void> {
    try {
      await this.send(batch);
    } catch (err) {
      try {
        this.onError(err instanceof Error ? err : new Error(String(err)), batch);
      } catch {
        // An onError that throws must not turn into an unhandled rejection of a background flush.
      }
    }
  }
}
