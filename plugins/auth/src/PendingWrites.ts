/**
 * Writes started by event listeners (a creator's MANAGE grant) that authorisation must see: the
 * kernel does not await listeners, so the request after `experiments/create` could otherwise be
 * checked before its creator's grant is stored. Checks await what is pending first.
 */
export class PendingWrites {
  private readonly pending = new Set<Promise<unknown>>();

  /** Tracks a write until it settles. */
  track(write: Promise<unknown>): void {
    const settled = write.finally(() => this.pending.delete(settled));
    this.pending.add(settled);
    settled.catch(() => undefined);
  }

  /** Resolves once every write tracked so far has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  get idle(): boolean {
    return this.pending.size === 0;
  }
}
