/**
 * Write transactions of one database, one per turn of the event loop, in the order they asked.
 * Between two of them the loop polls its sockets, so a request body that arrives in two reads
 * (a 76 KB log-batch exceeds the 64 KB TCP window a connection starts with) is complete and
 * queued before more transactions run: without the turns, the requests completed in one poll
 * ran back to back and such a request waited a whole round more, which doubled its latency.
 */
export class WriteTurns {
  readonly #waiting: (() => void)[] = [];
  #busy = false;

  /** Runs `work` when the writes queued before it are done and the event loop has polled since. */
  async take<T>(work: () => Promise<T>): Promise<T> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy = true;
    try {
      return await work();
    } finally {
      setImmediate(() => this.#passOn());
    }
  }

  #passOn(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#busy = false;
    else next();
  }
}
