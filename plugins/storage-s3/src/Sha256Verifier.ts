import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DataLossError } from '@mlops/plugin-api';

/**
 * A pass-through that hashes what flows through it and, at the end, fails with DataLossError if
 * the bytes do not match the recorded sha256, or fewer bytes came than announced. The consumer has then read every byte but
 * gets the error instead of a clean end, so a corrupt object is never served silently.
 */
export class Sha256Verifier extends Transform {
  private readonly hash = createHash('sha256');
  private seen = 0;

  constructor(
    private readonly key: string,
    private readonly expectedSha256: string,
    /** The Content-Length S3 announced: fewer bytes means the transfer was cut short. */
    private readonly expectedSize: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.seen += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hash.digest('hex');
    if (this.seen !== this.expectedSize) {
      callback(
        new DataLossError(
          `blob "${this.key}" is incomplete: ${this.seen} of ${this.expectedSize} bytes arrived`,
          {
            field: 'key',
            reason: 'truncated',
          },
        ),
      );
    } else if (actual !== this.expectedSha256) {
      callback(
        new DataLossError(
          `blob "${this.key}" is corrupt: its ${this.seen} bytes hash to ${actual}, but ${this.expectedSha256} ` +
            'was recorded when it was written',
          { field: 'key', reason: 'checksum_mismatch' },
        ),
      );
    } else {
      callback();
    }
  }
}
