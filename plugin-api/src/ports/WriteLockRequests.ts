/**
 * How many transactions of a process's main thread are waiting for an SQLite database's write
 * lock, in a SharedArrayBuffer that worker threads writing to the same file on their own
 * connections can read: such a writer starts no transaction while any wait, so a main-thread
 * transaction that found the lock taken gets it as soon as the writer's current transaction
 * commits, instead of racing an endless queue of the writer's transactions for it. A
 * {@link Database} on SQLite offers one (`writeLockRequests`).
 */
export class WriteLockRequests {
  private readonly waiting32: Int32Array;

  /** `buffer`: the shared counter, made here or received from the other thread. */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.waiting32 = new Int32Array(buffer);
  }

  /** Main-thread transactions waiting now. */
  get waiting(): number {
    return Atomics.load(this.waiting32, 0);
  }

  /** A main-thread transaction wants the lock (until {@link withdraw}). */
  ask(): void {
    Atomics.add(this.waiting32, 0, 1);
  }

  /** That transaction has the lock now, or gave up. */
  withdraw(): void {
    Atomics.sub(this.waiting32, 0, 1);
    Atomics.notify(this.waiting32, 0);
  }

  /**
   * On a writer thread, before each transaction: blocks while a main-thread transaction waits.
   * The wait is bounded, so a main thread that died cannot stop the writer for longer than `maxMs`.
   */
  waitWhileAsked(maxMs = 10_000): void {
    const until = performance.now() + maxMs;
    for (let n = this.waiting; n > 0; n = this.waiting) {
      const left = until - performance.now();
      if (left <= 0) return;
      Atomics.wait(this.waiting32, 0, n, Math.min(left, 50));
    }
  }
}
