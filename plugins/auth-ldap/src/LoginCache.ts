import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ExternalIdentity } from '@mlops/plugin-api';

interface CacheEntry {
  readonly passwordMac: Buffer;
  readonly identity: ExternalIdentity;
  readonly expiresAt: number;
}

/**
 * Accepted logins, remembered for a while so the directory is not asked on every request. It
 * holds an HMAC of each password under a key made at start and never stored, not the password:
 * a memory dump does not give passwords away, nor hashes one could test guesses against offline.
 * One entry per login, so a newer password replaces an older one.
 */
export class LoginCache {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The identity remembered for this login and password, if it has not expired. */
  get(login: string, password: string): ExternalIdentity | undefined {
    const entry = this.entries.get(login);
    if (entry === undefined) return undefined;
    if (Date.now() >= entry.expiresAt) {
      this.entries.delete(login);
      return undefined;
    }
    return timingSafeEqual(entry.passwordMac, this.mac(login, password)) ? entry.identity : undefined;
  }

  /** Remembers an accepted login; does nothing when the TTL is 0. */
  set(login: string, password: string, identity: ExternalIdentity): void {
    if (this.ttlMs === 0) return;
    this.entries.delete(login);
    // A Map iterates in insertion order: the first key is the oldest.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(login, {
      passwordMac: this.mac(login, password),
      identity,
      expiresAt: Date.now() + this.ttlMs,
    });
  }

  /** Forgets a login, e.g. after the directory rejected a password for it. */
  delete(login: string): void {
    this.entries.delete(login);
  }

  private mac(login: string, password: string): Buffer {
    return createHmac('sha256', this.key).update(login).update('\0').update(password).digest();
  }
}
