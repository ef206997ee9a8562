/** How long writes may run back to back before the event loop gets a turn. */
const turnBudgetMs = 1;

/**
 * Write transactions of one database, in the order they asked, with a turn of the event loop
 * between them once they have run for a millisecond. The loop then polls its sockets, so a
 * request body that arrives in two reads (a 76 KB log-batch exceeds the 64 KB TCP window a
 * connection starts with) is complete and queued before more transactions run: without the
 * turns, the requests completed in one poll ran back to back and such a request waited a whole
 * round more, which doubled its latency. Small writes still run many to a turn.
 */
export class WriteTurns {
  readonly #waiting: (() => void)[] = [];
  #busy = false;
  #turnStarted = 0;

  /** Runs `work` when the writes queued before it are done (and the loop has polled, if they took long). */
  async take<T>(work: () => Promise<T>): Promise<T> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#turnStarted = performance.now();
    this.#busy = true;
    try {
      return await work();
    } finally {
      if (performance.now() - this.#turnStarted < turnBudgetMs) this.#passOn();
      else
        setImmediate(() => {
          this.#turnStarted = performance.now();
          this.#passOn();
        });
    }
  }

  #passOn(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#busy = false;
    else next();
  }
}
