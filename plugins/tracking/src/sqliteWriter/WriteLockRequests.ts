/**
 * How many transactions of the request thread are waiting for the SQLite write lock, shared
 * with the writer thread through a SharedArrayBuffer: the writer starts no transaction while any
 * wait, so a request thread that found the lock taken gets it as soon as the writer's current
 * transaction commits, instead of racing an endless queue of batches for it.
 */
export class WriteLockRequests {
  private readonly waiting: Int32Array;

  /** `buffer`: the shared counter, made here or received from the other thread. */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.waiting = new Int32Array(buffer);
  }

  /** The request thread wants the lock (until {@link withdraw}). */
  ask(): void {
    Atomics.add(this.waiting, 0, 1);
  }

  /** The request thread is done with the lock, or gave up. */
  withdraw(): void {
    Atomics.sub(this.waiting, 0, 1);
    Atomics.notify(this.waiting, 0);
  }

  /**
   * On the writer thread, before each transaction: blocks while a request is waiting. Each wait
   * is bounded, so a request thread that died cannot stop the writer for longer than `maxMs`.
   */
  waitWhileAsked(maxMs = 10_000): void {
    const until = performance.now() + maxMs;
    for (let n = Atomics.load(this.waiting, 0); n > 0; n = Atomics.load(this.waiting, 0)) {
      const left = until - performance.now();
      if (left <= 0) return;
      Atomics.wait(this.waiting, 0, n, Math.min(left, 50));
    }
  }
}
