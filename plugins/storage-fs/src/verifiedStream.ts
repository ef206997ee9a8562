import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { DataLossError } from '@mlops/plugin-api';

/**
 * `source` passed through unchanged while hashed; at its end the stream fails with DataLossError
 * if the bytes do not hash to `sha256`, so a reader that consumes it whole never takes corrupt
 * bytes for good ones. Destroying the returned stream destroys `source` (and closes its file).
 */
export function verifiedStream(source: Readable, what: string, sha256: string): Readable {
  const hash = createHash('sha256');
  const verifier = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const actual = hash.digest('hex');
      if (actual === sha256) return callback();
      callback(
        new DataLossError(
          `${what} is corrupt: its bytes hash to ${actual}, but ${sha256} was recorded when it was written`,
          { reason: 'checksum_mismatch' },
        ),
      );
    },
  });
  // Errors reach the caller through `verifier`; the callback only keeps pipeline from throwing.
  return pipeline(source, verifier, () => {});
}
