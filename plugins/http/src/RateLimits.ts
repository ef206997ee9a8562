import type { Principal } from '@mlops/plugin-api';
import type { HttpOptions } from './options.js';
import { TokenBuckets } from './TokenBuckets.js';
import { TransportError } from './TransportError.js';

/** The per-address and per-identity limits of the options; each is off when not configured. */
export class RateLimits {
  private readonly perIp?: TokenBuckets;
  private readonly perIdentity?: TokenBuckets;

  constructor(options: HttpOptions['rateLimit'], now?: () => number) {
    if (options?.perIp) this.perIp = new TokenBuckets(options.perIp, now);
    if (options?.perIdentity) this.perIdentity = new TokenBuckets(options.perIdentity, now);
  }

  /** @throws TransportError TooManyRequests (429 with Retry-After) when `ip` is over its limit. */
  checkIp(ip: string): void {
    const wait = this.perIp?.take(ip) ?? 0;
    if (wait > 0) throw tooMany(`too many requests from ${ip}; retry in ${wait} s`, wait);
  }

  /**
   * @throws TransportError TooManyRequests when `principal` is over its limit. Anonymous callers
   * share one identity, so only their addresses are limited.
   */
  checkIdentity(principal: Principal): void {
    if (principal.kind === 'anonymous') return;
    const wait = this.perIdentity?.take(`${principal.kind}:${principal.id}`) ?? 0;
    if (wait > 0) throw tooMany(`too many requests by "${principal.id}"; retry in ${wait} s`, wait);
  }
}

function tooMany(message: string, wait: number): TransportError {
  return new TransportError(
    'TooManyRequests',
    message,
    { reason: 'rate_limited' },
    { 'Retry-After': String(wait) },
  );
}
