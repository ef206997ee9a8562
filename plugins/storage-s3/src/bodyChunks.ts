import type { BlobBody } from '@mlops/plugin-api';

/**
 * The bytes of a body as Buffers, without copying: a string as UTF-8, a Uint8Array as one chunk,
 * and a stream or async iterable chunk by chunk (a Readable with an encoding set yields strings,
 * whatever the BlobBody type says, so those are encoded too).
 */
export async function* bodyChunks(body: BlobBody): AsyncGenerator<Buffer> {
  if (typeof body === 'string') {
    yield Buffer.from(body, 'utf8');
    return;
  }
  if (body instanceof Uint8Array) {
    yield Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return;
  }
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string'
      ? Buffer.from(chunk, 'utf8')
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}
