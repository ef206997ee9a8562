import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptCost } from './options.js';

const keyLength = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const { cost: N, blockSize: r, parallelization: p } = cost;
  return new Promise((resolve, reject) => {
    // scrypt needs 128 × N × r bytes (and a little more); Node's default cap is 32 MiB.
    scrypt(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * Password hashes with scrypt (RFC 7914) and a 16-byte random salt per hash, stored as
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url), so a hash keeps verifying after the configured
 * cost changes.
 */
export class PasswordHasher {
  /** A hash of the empty password at the current cost, for checks of unknown users. */
  private decoy?: Promise<string>;

  constructor(private readonly cost: ScryptCost) {}

  /** Hashes `password` with a fresh salt. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.cost);
    const { cost: N, blockSize: r, parallelization: p } = this.cost;
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  /** True when `password` matches `stored`; false for a malformed hash. Compares in constant time. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [N, r, p] = parts.slice(1, 4).map(Number);
    if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p)) return false;
    const expected = Buffer.from(parts[5]!, 'base64url');
    const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), {
      cost: N!,
      blockSize: r!,
      parallelization: p!,
    });
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  /** Spends the time of one verification, so an unknown user answers as slowly as a wrong password. */
  async waste(password: string): Promise<void> {
    this.decoy ??= this.hash('');
    await this.verify(password, await this.decoy);
  }
}
