import type { Logger } from '@mlops/plugin-api';
import type { AbTestStore, Assignment } from './AbTestStore.js';

/**
 * Assignments on their way to the database: the prediction path only appends to a buffer, written
 * in one insert per `maxPending` rows or per `flushIntervalMs`. Reads of assignments (outcomes,
 * reports) call `flush` first, so they see every request answered before them; a crash loses at
 * most the last interval's assignments (their outcomes are then refused as unknown).
 */
export class AssignmentLog {
  private pending: Assignment[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: AbTestStore,
    private readonly logger: Logger,
    private readonly flushIntervalMs = 1000,
    private readonly maxPending = 500,
  ) {}

  add(assignment: Assignment): void {
    this.pending.push(assignment);
    if (this.pending.length >= this.maxPending) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushIntervalMs).unref();
  }

  /** Writes what is buffered; resolves once every assignment added before the call is stored. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending;
    this.pending = [];
    if (rows.length > 0) {
      this.writing = this.writing.then(() =>
        this.store.assign(rows).catch((err: unknown) => {
          this.logger.error(
            { count: rows.length, err: (err as Error).message },
            `${rows.length} A/B test assignments could not be written: ${(err as Error).message}`,
          );
        }),
      );
    }
    return this.writing;
  }
}
