import { createToken } from '../Token.js';

/** One unit of queued work, as a handler receives it. */
export interface Job<T> {
  readonly id: string;
  readonly queue: string;
  readonly payload: T;
  /** 1 on the first try. */
  readonly attempt: number;
}

/** Options of {@link JobQueue.enqueue}. */
export interface EnqueueOptions {
  /** Run no sooner than this many milliseconds from now. */
  delayMs?: number;
  /** Total tries before the job is marked failed (default 1). */
  attempts?: number;
  /** Deduplicates: a second enqueue with the same id is ignored while the first exists. */
  jobId?: string;
}

/** Work to run later, with retries and schedules. */
export interface JobQueue {
  enqueue<T>(queue: string, payload: T, options?: EnqueueOptions): Promise<string>;
  /** Enqueues `payload` on `queue` on every tick of a cron expression. */
  schedule<T>(queue: string, cron: string, payload: T): Promise<void>;
  /** Registers the handler of a queue; a thrown error retries the job while attempts remain. */
  process<T>(
    queue: string,
    handler: (job: Job<T>) => Promise<void>,
    options?: { concurrency?: number },
  ): void;
}

/** The job queue (in-process by default, BullMQ at scale). */
export const JobQueue = createToken<JobQueue>({
  id: 'jobs.queue',
  description: 'deferred and scheduled work',
});
