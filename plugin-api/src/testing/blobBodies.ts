import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** Hex sha256 of `bytes`, by node:crypto: the reference the stores are checked against. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `size` pseudo-random bytes, always the same for the same seed (xorshift32). */
export function seededBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** A byte stream (not in object mode) serving `bytes` in chunks of `chunkSize`. */
export function readableOf(bytes: Buffer, chunkSize: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/**
 * Plain `Uint8Array` chunks (not Buffers) of `bytes`, yielding to the event loop before each one,
 * so that concurrent writers interleave.
 */
export async function* chunksOf(bytes: Buffer, chunkSize: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += chunkSize) {
    await new Promise((resolve) => setImmediate(resolve));
    yield new Uint8Array(bytes.subarray(at, at + chunkSize));
  }
}
