import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The requests being answered, from arrival until their response has ended (streams included),
 * so a shutdown can wait for them and, past its deadline, close their connections.
 */
export class InFlightRequests {
  private readonly active = new Map<ServerResponse, Socket>();
  private waiters: (() => void)[] = [];

  get size(): number {
    return this.active.size;
  }

  /**
   * Counts `res` until it closes; then calls `closed`, if given. One listener serves both, since
   * a listener per concern costs a closure and an emitter entry on every request.
   */
  track(res: ServerResponse, closed?: () => void): void {
    this.active.set(res, res.socket as Socket);
    res.once('close', () => {
      this.active.delete(res);
      if (this.active.size === 0 && this.waiters.length > 0) {
        for (const wake of this.waiters.splice(0)) wake();
      }
      closed?.();
    });
  }

  /** Resolves true once no request is in flight, or false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.active.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }

  /** Destroys the connections of the requests still in flight. */
  destroyConnections(): void {
    for (const socket of this.active.values()) socket?.destroy();
  }
}
