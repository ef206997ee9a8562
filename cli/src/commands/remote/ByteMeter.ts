import { createHash, type Hash } from 'node:crypto';
import type { ProgressBar } from './ProgressBar.js';

/** Counts and hashes (sha256) the bytes that stream through it, and moves a progress bar. */
export class ByteMeter {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  constructor(private readonly progress?: ProgressBar) {}

  /** The bytes seen so far. */
  get bytes(): number {
    return this.count;
  }

  /** The sha256 of the bytes seen, in hex; call once, at the end. */
  sha256(): string {
    return this.hash.digest('hex');
  }

  /** Passes the chunks of `source` on, counting and hashing them. */
  async *through(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      this.hash.update(chunk);
      this.count += chunk.byteLength;
      this.progress?.add(chunk.byteLength);
      yield chunk;
    }
  }
}
