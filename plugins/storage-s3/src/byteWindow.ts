import { Readable } from 'node:stream';

/**
 * The bytes `skip` to `skip + length - 1` of `body`, ending (and releasing `body`) once they have
 * passed. For servers that ignore a Range header and send the whole object (HTTP 200), or send
 * more than asked (s3rver reads `bytes=0-0` as `bytes=0-`).
 */
export function byteWindow(body: AsyncIterable<Buffer>, skip: number, length: number): Readable {
  async function* window(): AsyncGenerator<Buffer> {
    let toSkip = skip;
    let left = length;
    if (left === 0) return;
    for await (const chunk of body) {
      const from = Math.min(toSkip, chunk.length);
      toSkip -= from;
      const piece = chunk.subarray(from, from + left);
      left -= piece.length;
      if (piece.length > 0) yield piece;
      if (left === 0) return;
    }
  }
  return Readable.from(window(), { objectMode: false });
}
