import type { FailedLoginLimits } from './options.js';

/**
 * Counts failed password checks per user name and per client address in a sliding window, in
 * memory (each replica counts its own). Once either count reaches its limit, further attempts
 * are refused without checking the password until the oldest failure leaves the window.
 */
export class FailedLogins {
  private readonly byUser = new Map<string, number[]>();
  private readonly byIp = new Map<string, number[]>();

  constructor(private readonly limits: FailedLoginLimits) {}

  /** Seconds until `username` from `ip` may try again, or 0 when it may now. */
  retryAfter(username: string, ip: string | undefined): number {
    const now = Date.now();
    const user = this.recent(this.byUser, username, now);
    const address = ip === undefined ? [] : this.recent(this.byIp, ip, now);
    const wait = (times: number[], max: number) =>
      times.length >= max ? times[times.length - max]! + this.limits.windowSeconds * 1000 - now : 0;
    const ms = Math.max(wait(user, this.limits.maxPerUser), wait(address, this.limits.maxPerIp));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Records a failure. */
  fail(username: string, ip: string | undefined): void {
    const now = Date.now();
    this.push(this.byUser, username, now);
    if (ip !== undefined) this.push(this.byIp, ip, now);
  }

  /** A successful login clears the user's failures (not the address's). */
  succeed(username: string): void {
    this.byUser.delete(username);
  }

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const times = map.get(key);
    if (times === undefined) return [];
    const since = now - this.limits.windowSeconds * 1000;
    while (times.length > 0 && times[0]! <= since) times.shift();
    if (times.length === 0) map.delete(key);
    return times;
  }

  private push(map: Map<string, number[]>, key: string, now: number): void {
    const times = this.recent(map, key, now);
    times.push(now);
    // Keep no more than a limit's worth: older entries cannot change the answer.
    if (times.length > Math.max(this.limits.maxPerUser, this.limits.maxPerIp)) times.shift();
    map.set(key, times);
    // Bounded, so a flood of made-up user names cannot exhaust memory; the oldest keys go first.
    if (map.size > 100_000) map.delete(map.keys().next().value!);
  }
}
